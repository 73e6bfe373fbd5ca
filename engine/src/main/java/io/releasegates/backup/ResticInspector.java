package io.releasegates.backup;

import io.releasegates.backup.BackupConfig.Copy;
import io.releasegates.backup.CopyScan.BackupFile;
import io.releasegates.backup.CopyScan.ResticSide;
import io.releasegates.files.RegularFiles;
import io.releasegates.report.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inspects a restic repository with the real binary: opens it ({@code snapshots --json}; a wrong password shows
 * here), lists the newest snapshot ({@code ls --json}) and runs {@code check --read-data-subset}. Damaged packs that
 * restic names become one finding each, located at the pack file.
 */
final class ResticInspector {
    private static final Pattern PACK_ID = Pattern.compile("(?i)pack (?:id does not match, want )?([0-9a-f]{64})");

    private final String binary;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final Path workspace;

    ResticInspector(String binary, Duration timeout, Map<String, String> environment, Path workspace) {
        this.binary = binary;
        this.timeout = timeout;
        this.environment = environment;
        this.workspace = workspace;
    }

    CopyScan inspect(Copy copy, String subject, String checkSubset, List<Finding> findings) throws IOException {
        Path repo = copy.path();
        if (!Files.exists(repo)) {
            findings.add(BackupRule.COPY_MISSING.finding().subject(subject).location(repo.toString())
                    .message("restic repository " + copy.location() + " does not exist").build());
            return CopyScan.unreachable(copy, subject);
        }
        String unusable = passwordProblem(copy);
        if (unusable == null && !ResticRepository.available(binary)) {
            unusable = "the restic binary '" + binary + "' is not installed or not on PATH";
        }
        if (unusable != null) {
            findings.add(unreadable(copy, subject, unusable));
            return CopyScan.unreachable(copy, subject);
        }
        String password = copy.passwordEnv() == null ? null : environment.get(copy.passwordEnv());
        ResticRepository restic = new ResticRepository(binary, repo, password, copy.passwordFile(), workspace,
                timeout);
        ResticRepository.Run[] failure = new ResticRepository.Run[1];
        List<ResticRepository.Snapshot> snapshots = restic.snapshots(failure);
        if (failure[0] != null) {
            findings.add(unreadable(copy, subject, "restic cannot open the repository: " + failure[0].reason()));
            return CopyScan.unreachable(copy, subject);
        }
        runCheck(restic, copy, subject, checkSubset, findings);
        if (snapshots.isEmpty()) {
            return new CopyScan(copy, subject, true, List.of(), null, 0, Map.of(), Map.of(), null);
        }
        ResticRepository.Snapshot latest = snapshots.get(snapshots.size() - 1);
        List<ResticRepository.Node> nodes = restic.files(latest.id(), failure);
        if (failure[0] != null) {
            findings.add(unreadable(copy, subject, "restic cannot list snapshot " + latest.shortId() + ": "
                    + failure[0].reason()));
        }
        Map<String, String> pathsByName = new TreeMap<>();
        List<BackupFile> files = new ArrayList<>();
        for (ResticRepository.Node node : nodes) {
            String name = relativeName(node.path(), latest.paths());
            pathsByName.put(name, node.path());
            if (!name.equals(copy.manifest())) {
                files.add(new BackupFile(name, node.size(), node.modified()));
            }
        }
        return new CopyScan(copy, subject, true, files, latest.time(), snapshots.size(), Map.of(), Map.of(),
                new ResticSide(restic, latest.id(), pathsByName));
    }

    private void runCheck(ResticRepository restic, Copy copy, String subject, String subset, List<Finding> findings)
            throws IOException {
        ResticRepository.Run check = restic.check(subset);
        if (check.ok()) {
            return;
        }
        Set<String> packs = new LinkedHashSet<>();
        Matcher m = PACK_ID.matcher(check.output() + "\n" + check.diagnostics());
        while (m.find()) {
            packs.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        String detail = firstProblem(check);
        if (packs.isEmpty()) {
            findings.add(BackupRule.RESTIC_CHECK_FAILED.finding().subject(subject).location(copy.path().toString())
                    .message("restic check --read-data-subset " + subset + " on " + copy.location() + " failed: "
                            + detail).property("subset", subset).build());
            return;
        }
        for (String pack : packs) {
            Path file = copy.path().resolve("data").resolve(pack.substring(0, 2)).resolve(pack);
            findings.add(BackupRule.RESTIC_CHECK_FAILED.finding().subject(subject).location(file.toString())
                    .message("restic check --read-data-subset " + subset + " on " + copy.location()
                            + ": pack " + pack.substring(0, 8) + " is damaged (" + detail + ")")
                    .property("pack", pack).property("subset", subset).build());
        }
    }

    /** The first line that describes damage rather than progress. */
    private static String firstProblem(ResticRepository.Run run) {
        for (String line : (run.diagnostics() + "\n" + run.output()).split("\n")) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("using temporary cache") && !l.startsWith("Fatal: repository contains")
                    && !l.startsWith("error for tree") && !l.startsWith("[")) {
                return l;
            }
        }
        return run.reason();
    }

    /** Paths in a snapshot are relative to the folder that was backed up; names in manifests are too. */
    static String relativeName(String nodePath, List<String> snapshotPaths) {
        for (String root : snapshotPaths) {
            String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
            if (nodePath.startsWith(r + "/")) {
                return nodePath.substring(r.length() + 1);
            }
            String base = "/" + r.substring(r.lastIndexOf('/') + 1);
            if (nodePath.startsWith(base + "/")) {
                return nodePath.substring(base.length() + 1);
            }
        }
        return nodePath.startsWith("/") ? nodePath.substring(1) : nodePath;
    }

    private String passwordProblem(Copy copy) {
        if (copy.passwordEnv() != null) {
            String value = environment.get(copy.passwordEnv());
            return value == null || value.isEmpty()
                    ? "environment variable " + copy.passwordEnv() + " (its password) is not set" : null;
        }
        Path file = copy.passwordFile();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return "password file " + file + " is missing or unreadable";
        }
        try {
            return new String(RegularFiles.readNamed(file), StandardCharsets.UTF_8).isBlank() ? "password file " + file + " is empty"
                    : null;
        } catch (IOException e) {
            return "password file " + file + " cannot be read";
        }
    }

    private static Finding unreadable(Copy copy, String subject, String why) {
        return BackupRule.COPY_UNREADABLE.finding().subject(subject).location(copy.path().toString())
                .message(copy.location() + ": " + why).build();
    }
}
