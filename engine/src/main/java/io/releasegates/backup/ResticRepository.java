package io.releasegates.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives the real {@code restic} binary against one local repository, read-only: every call passes {@code --no-lock}
 * (no lock file is written), keeps restic's cache in our temporary workspace, and restores only into temporary
 * folders. The password goes to restic through its environment or {@code --password-file}, never on the command line.
 */
final class ResticRepository {
    /** Restic processes running now, for {@link #stopAll} on SIGTERM. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    /**
     * Held while a restic is started and registered, and while {@link #stopAll} kills: a SIGTERM arriving between
     * {@code start()} and the registration would otherwise find nothing to kill and leave restic running.
     */
    private static final Object STARTING = new Object();
    /** Set once by the shutdown hook: the JVM is going away, so no restic may start after the kill. */
    private static boolean stopping;
    private final String binary;
    private final Path repo;
    private final String passwordEnvValue;
    private final Path passwordFile;
    private final Path workspace;
    private final Duration timeout;

    ResticRepository(String binary, Path repo, String passwordEnvValue, Path passwordFile, Path workspace,
                     Duration timeout) {
        this.binary = binary;
        this.repo = repo;
        this.passwordEnvValue = passwordEnvValue;
        this.passwordFile = passwordFile;
        this.workspace = workspace;
        this.timeout = timeout;
    }

    /** One restic invocation's outcome; {@code output} is stdout, {@code diagnostics} stderr. */
    record Run(int exitCode, String output, String diagnostics) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The line restic marks as fatal, else the last diagnostic line: short enough for a finding message. */
        String reason() {
            String text = diagnostics.isBlank() ? output : diagnostics;
            String last = "";
            for (String line : text.split("\n")) {
                if (line.startsWith("Fatal:")) {
                    return line.substring(6).trim();
                }
                if (!line.isBlank()) {
                    last = line.trim();
                }
            }
            return last.isEmpty() ? "exit code " + exitCode : last;
        }
    }

    /** A snapshot as {@code restic snapshots --json} lists it. */
    record Snapshot(String id, String shortId, Instant time, List<String> paths) {
    }

    /** A file node of {@code restic ls --json}: the path inside the snapshot, its size and mtime. */
    record Node(String path, long size, Instant modified) {
    }

    List<Snapshot> snapshots(Run[] failure) throws IOException {
        Run run = run(List.of("snapshots", "--json"));
        if (!run.ok()) {
            failure[0] = run;
            return List.of();
        }
        List<Snapshot> out = new ArrayList<>();
        JsonNode root = Json.mapper().readTree(run.output().isBlank() ? "[]" : run.output());
        for (JsonNode s : root) {
            List<String> paths = new ArrayList<>();
            s.path("paths").forEach(p -> paths.add(p.asText()));
            out.add(new Snapshot(s.path("id").asText(), s.path("short_id").asText(),
                    Instant.parse(s.path("time").asText()), List.copyOf(paths)));
        }
        out.sort(java.util.Comparator.comparing(Snapshot::time));
        return List.copyOf(out);
    }

    List<Node> files(String snapshotId, Run[] failure) throws IOException {
        Run run = run(List.of("ls", "--json", snapshotId));
        if (!run.ok()) {
            failure[0] = run;
            return List.of();
        }
        List<Node> out = new ArrayList<>();
        for (String line : run.output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.mapper().readTree(line);
            // restic 0.14 marks lines with struct_type, newer releases also with message_type
            boolean node = "node".equals(n.path("struct_type").asText())
                    || "node".equals(n.path("message_type").asText());
            if (node && "file".equals(n.path("type").asText())) {
                out.add(new Node(n.path("path").asText(), n.path("size").asLong(),
                        Instant.parse(n.path("mtime").asText())));
            }
        }
        return List.copyOf(out);
    }

    Run check(String subset) throws IOException {
        return run(List.of("check", "--read-data-subset", subset));
    }

    /** Restores only the given snapshot paths into {@code target} (a temporary folder). */
    Run restore(String snapshotId, List<String> includes, Path target) throws IOException {
        List<String> args = new ArrayList<>(List.of("restore", snapshotId, "--target", target.toString()));
        for (String include : includes) {
            args.add("--include");
            args.add(include);
        }
        return run(args);
    }

    private Run run(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of("--repo", repo.toString(), "--no-lock", "--cache-dir",
                workspace.resolve("restic-cache").toString(), "--quiet"));
        if (passwordFile != null) {
            command.addAll(List.of("--password-file", passwordFile.toString()));
        }
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        // inherited RESTIC_* settings (another repository, a password command) must not change what we verify
        new HashMap<>(env).keySet().stream().filter(k -> k.startsWith("RESTIC_")).forEach(env::remove);
        if (passwordEnvValue != null) {
            env.put("RESTIC_PASSWORD", passwordEnvValue);
        }
        env.put("TMPDIR", workspace.toString());
        Path out = Files.createTempFile(workspace, "restic", ".out");
        Path err = Files.createTempFile(workspace, "restic", ".err");
        try {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p;
            synchronized (STARTING) {
                if (stopping) {
                    throw new IOException("not starting restic: the verifier is shutting down");
                }
                p = pb.start();
                RUNNING.add(p);
            }
            try {
                boolean done;
                try {
                    done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    kill(p);
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while restic ran", e);
                }
                if (!done) {
                    kill(p);
                    return new Run(-1, "", "Fatal: restic " + args.get(0) + " did not finish within " + timeout);
                }
            } finally {
                RUNNING.remove(p);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Kills restic and everything it started (a backend such as rclone or ssh, or a password command): the
     * descendants are collected before the parent dies, since an orphan is no longer anyone's descendant, and killed
     * first, while their parents can still reap them (an orphan killed later may linger as a zombie under an init that
     * does not reap, as in some containers).
     */
    static void kill(Process p) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(p.descendants().toList());
        java.util.Collections.reverse(tree);
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /**
     * Called by the shutdown hook only: kills every restic this JVM is running, refuses to start another (a pool thread
     * may be about to), and waits briefly until they are gone, so that none writes into a workspace being deleted.
     */
    static void stopAll() {
        List<Process> killed;
        synchronized (STARTING) {
            stopping = true;
            killed = List.copyOf(RUNNING);
            killed.forEach(ResticRepository::kill);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process p : killed) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True when {@code binary} can be started at all (a missing restic is a finding, not a crash). */
    static boolean available(String binary) {
        if (binary.contains("/")) {
            return Files.isExecutable(Path.of(binary));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }
}
