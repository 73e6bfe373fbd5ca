package io.releasegates.backup;

import io.releasegates.backup.BackupConfig.BackupSet;
import io.releasegates.backup.BackupConfig.Copy;
import io.releasegates.backup.BackupConfig.Kind;
import io.releasegates.files.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Verifies every backup set of a config: inspects each copy (directory copies hashed on all cores, restic copies
 * through the restic binary), then judges 3-2-1, freshness, agreement and retention per set, then runs the rotating
 * restore drill. Everything is collected before deciding. Read-only towards every backup location; the only file it
 * writes is the drill state.
 *
 * <pre>{@code
 * GateReport report = BackupVerifier.verify(new BackupsRequest(path, asOf, stateFile, environment));
 * }</pre>
 */
public final class BackupVerifier {
    public static final String GATE = "backups";

    private final Map<String, String> environment;

    /** Reads restic passwords named by {@code password-env} from {@code environment}. */
    private BackupVerifier(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * The backups gate: reads the request's config strictly (bad input throws
     * {@link io.releasegates.report.BadInputException} naming the file and key), then verifies every set.
     *
     * @return the report, with the config and every copy as inputs and each copy's newest backup in dataAsOf
     */
    public static GateReport verify(BackupsRequest request) {
        Objects.requireNonNull(request, "request");
        BackupConfig config = BackupConfigLoader.load(request.config());
        return new BackupVerifier(request.environment())
                .verify(config, request.asOf() == null ? Instant.now() : request.asOf(), request.stateFile());
    }

    /**
     * @param config    a loaded config
     * @param asOf      the moment freshness is judged against (usually now)
     * @param stateFile drill rotation state; null uses the config's {@code drill.state-file}
     * @return the report, with the config and every copy as inputs and each copy's newest backup in dataAsOf
     */
    private GateReport verify(BackupConfig config, Instant asOf, Path stateFile) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(asOf, "asOf");
        Path statePath = stateFile != null ? stateFile : config.drill().stateFile();
        for (BackupSet set : config.sets()) {
            for (Copy copy : set.copies()) {
                if (statePath.toAbsolutePath().normalize().startsWith(copy.path())) {
                    throw new io.releasegates.report.BadInputException(statePath + ": the drill state file lies "
                            + "inside backup location '" + copy.location() + "'; verification never writes there");
                }
            }
        }
        DrillState state = DrillState.load(statePath);
        GateReport.Builder report = GateReport.builder(GATE)
                .title("Backups: " + config.source().getFileName());
        report.input(new Input("config", config.source().toString(), sha256(config.source())));
        Workspace workspace = null;
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "backup-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            workspace = Workspace.create();
            Totals totals = new Totals();
            for (BackupSet set : config.sets()) {
                report.findings(verifySet(config, set, asOf, state, pool, workspace.dir(), report, totals));
            }
            state.save();
            report.summary("sets", config.sets().size())
                    .summary("copies", totals.copies)
                    .summary("copiesReachable", totals.reachable)
                    .summary("files", totals.files)
                    .summary("filesDrilled", totals.drilled);
            return report.build();
        } catch (IOException e) {
            throw new UncheckedIOException("backup verification: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
            if (workspace != null) {
                workspace.close();
            }
        }
    }

    private static final class Totals {
        long copies;
        long reachable;
        long files;
        long drilled;
    }

    private List<Finding> verifySet(BackupConfig config, BackupSet set, Instant asOf, DrillState state,
                                    ExecutorService pool, Path workspace, GateReport.Builder report, Totals totals)
            throws IOException {
        List<Finding> findings = new ArrayList<>();
        report.subject(set.name());
        DirectoryInspector directories = new DirectoryInspector(pool, config.archives(), pgRestore());
        ResticInspector restic = new ResticInspector(config.restic().binary(), config.restic().timeout(),
                environment, workspace);
        // queue every directory's hashing first so that restic's work overlaps it
        Map<Copy, DirectoryInspector.Pending> pending = new LinkedHashMap<>();
        for (Copy copy : set.copies()) {
            report.subject(subject(set, copy));
            if (copy.kind() == Kind.DIRECTORY) {
                pending.put(copy, directories.start(copy, subject(set, copy), findings));
            }
        }
        List<CopyScan> scans = new ArrayList<>();
        for (Copy copy : set.copies()) {
            if (copy.kind() == Kind.RESTIC) {
                String subset = copy.checkSubset() != null ? copy.checkSubset()
                        : state.nextCheckSubset(key(set, copy), config.restic().checkParts());
                scans.add(restic.inspect(copy, subject(set, copy), subset, findings));
            }
        }
        for (DirectoryInspector.Pending p : pending.values()) {
            scans.add(p.finish(findings));
        }
        scans.sort(java.util.Comparator.comparingInt(s -> set.copies().indexOf(s.copy())));
        for (CopyScan scan : scans) {
            totals.copies++;
            report.input(new Input("backup-copy", scan.copy().location(), ""));
            if (scan.reachable()) {
                totals.reachable++;
                totals.files += scan.files().size();
                if (scan.newest() != null) {
                    report.dataAsOf(set.name() + ":" + scan.copy().location(), scan.newest());
                }
            }
        }
        findings.addAll(SetChecks.judge(set, scans, asOf));
        RestoreDrill drill = new RestoreDrill(workspace);
        for (CopyScan scan : scans) {
            if (!scan.reachable() || scan.files().isEmpty()) {
                continue;
            }
            List<String> candidates = scan.files().stream().map(CopyScan.BackupFile::name).toList();
            List<String> picks = state.pick(key(set, scan.copy()), candidates,
                    config.drill().sizeFor(candidates.size()));
            RestoreDrill.Result r = drill.run(scan, picks, SetChecks.references(scans, scan), findings);
            totals.drilled += r.restored();
        }
        return findings;
    }

    static String subject(BackupSet set, Copy copy) {
        return set.name() + " @ " + copy.location();
    }

    private static String key(BackupSet set, Copy copy) {
        return set.name() + "|" + copy.location();
    }

    private static String sha256(Path file) {
        try {
            return Digests.sha256(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String pgRestore() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "pg_restore");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
