package io.releasegates.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.backup.BackupConfig.BackupSet;
import io.releasegates.backup.BackupConfig.Copy;
import io.releasegates.backup.BackupConfig.Drill;
import io.releasegates.backup.BackupConfig.Kind;
import io.releasegates.backup.BackupConfig.Policy;
import io.releasegates.backup.BackupConfig.Restic;
import io.releasegates.config.StrictYaml;
import io.releasegates.report.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code backups.yml} strictly: unknown keys, wrong types and inline passwords are refused with one line that
 * names the file and the key (e.g. {@code backups.yml: backup-sets[0].copies[1].media: missing}). Package-private:
 * {@link BackupVerifier#verify(BackupsRequest)}, the gate's one entry point, calls it.
 */
final class BackupConfigLoader {
    private static final Set<String> TOP = Set.of("version", "policy", "drill", "restic", "archive-check", "backup-sets");
    private static final Set<String> POLICY = Set.of("min-copies", "min-media", "min-offsite");
    private static final Set<String> DRILL = Set.of("files", "fraction", "state-file");
    private static final Set<String> RESTIC = Set.of("binary", "check-parts", "timeout");
    private static final Set<String> SET = Set.of("name", "rpo", "min-backups", "policy", "copies");
    private static final Set<String> COPY = Set.of("location", "media", "offsite", "manifest", "password-env",
            "password-file", "min-backups", "check-subset");

    private final Path file;
    private final Path base;
    private final StrictYaml yaml;

    private BackupConfigLoader(Path file, StrictYaml yaml) {
        this.file = file;
        this.yaml = yaml;
        Path parent = file.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /** Callers verify through {@link BackupVerifier#verify(BackupsRequest)}, which reads the config. */
    static BackupConfig load(Path file) {
        StrictYaml yaml = StrictYaml.read(file, "backup config");
        return new BackupConfigLoader(file, yaml).parse(yaml.root());
    }

    private BackupConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw bad("", "expected a mapping with backup-sets");
        }
        keys(root, TOP, "");
        if (root.has("version") && root.get("version").asInt(-1) != 1) {
            throw bad("version", "unsupported version '" + root.get("version").asText() + "' (expected 1)");
        }
        Policy policy = policy(root.get("policy"), "policy", Policy.DEFAULT);
        Drill drill = drill(root.get("drill"));
        Restic restic = restic(root.get("restic"));
        boolean archives = bool(root, "archive-check", "archive-check", true);
        JsonNode sets = root.get("backup-sets");
        if (sets == null || !sets.isArray() || sets.isEmpty()) {
            throw bad("backup-sets", sets == null ? "missing" : "expected a non-empty list");
        }
        List<BackupSet> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sets.size(); i++) {
            BackupSet set = set(sets.get(i), "backup-sets[" + i + "]", policy);
            if (!names.add(set.name())) {
                throw bad("backup-sets[" + i + "].name", "duplicate set name '" + set.name() + "'");
            }
            parsed.add(set);
        }
        BackupConfig config = new BackupConfig(file, policy, drill, restic, archives, parsed);
        refuseStateInsideCopies(config);
        return config;
    }

    private BackupSet set(JsonNode node, String at, Policy defaults) {
        if (node == null || !node.isObject()) {
            throw bad(at, "expected a mapping");
        }
        keys(node, SET, at);
        String name = text(node, "name", at + ".name", true);
        Duration rpo = Durations.parse(text(node, "rpo", at + ".rpo", true), d -> bad(at + ".rpo", d));
        int minBackups = integer(node, "min-backups", at + ".min-backups", 0, 0);
        Policy policy = policy(node.get("policy"), at + ".policy", defaults);
        JsonNode copies = node.get("copies");
        if (copies == null || !copies.isArray() || copies.isEmpty()) {
            throw bad(at + ".copies", copies == null ? "missing" : "expected a non-empty list");
        }
        List<Copy> parsed = new ArrayList<>();
        Set<String> locations = new HashSet<>();
        for (int i = 0; i < copies.size(); i++) {
            Copy copy = copy(copies.get(i), at + ".copies[" + i + "]");
            if (!locations.add(copy.path().toString())) {
                throw bad(at + ".copies[" + i + "].location", "duplicate location '" + copy.location() + "'");
            }
            parsed.add(copy);
        }
        return new BackupSet(name, rpo, minBackups, policy, parsed);
    }

    private Copy copy(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw bad(at, "expected a mapping");
        }
        if (node.has("password")) {
            throw bad(at + ".password", "passwords never go in the config; use password-env or password-file");
        }
        keys(node, COPY, at);
        String location = text(node, "location", at + ".location", true);
        String media = text(node, "media", at + ".media", true);
        boolean offsite = bool(node, "offsite", at + ".offsite", false);
        Kind kind = location.startsWith("restic:") ? Kind.RESTIC : Kind.DIRECTORY;
        String raw = kind == Kind.RESTIC ? location.substring("restic:".length()) : location;
        if (raw.isBlank()) {
            throw bad(at + ".location", "empty path");
        }
        if (kind == Kind.RESTIC && raw.matches("^[a-z0-9]+:.*") && !raw.startsWith("local:")) {
            throw bad(at + ".location", "only local restic repositories (restic:/path) are supported, not '" + raw + "'");
        }
        Path path = base.resolve(raw.startsWith("local:") ? raw.substring(6) : raw).normalize();
        String manifest = text(node, "manifest", at + ".manifest", false);
        if (manifest != null && (manifest.contains("/") || manifest.contains("\\"))) {
            throw bad(at + ".manifest", "a file name inside the copy, not a path");
        }
        String passwordEnv = text(node, "password-env", at + ".password-env", false);
        String passwordFileText = text(node, "password-file", at + ".password-file", false);
        Path passwordFile = passwordFileText == null ? null : base.resolve(passwordFileText).normalize();
        String checkSubset = text(node, "check-subset", at + ".check-subset", false);
        if (kind == Kind.DIRECTORY && (passwordEnv != null || passwordFile != null || checkSubset != null)) {
            throw bad(at, "password-env, password-file and check-subset apply to restic: locations only");
        }
        if (kind == Kind.RESTIC && passwordEnv == null && passwordFile == null) {
            throw bad(at, "a restic copy needs password-env or password-file");
        }
        if (passwordEnv != null && passwordFile != null) {
            throw bad(at, "give password-env or password-file, not both");
        }
        if (checkSubset != null && !checkSubset.matches("\\d+/\\d+|\\d+(\\.\\d+)?%|\\d+[kKmMgGtT]?")) {
            throw bad(at + ".check-subset", "expected n/t, x% or a size such as 50M, not '" + checkSubset + "'");
        }
        Integer minBackups = node.has("min-backups") ? integer(node, "min-backups", at + ".min-backups", 0, 0) : null;
        return new Copy(location, kind, path, media, offsite, manifest == null ? "SHA256SUMS" : manifest, passwordEnv,
                passwordFile, minBackups, checkSubset);
    }

    private Policy policy(JsonNode node, String at, Policy defaults) {
        if (node == null) {
            return defaults;
        }
        if (!node.isObject()) {
            throw bad(at, "expected a mapping");
        }
        keys(node, POLICY, at);
        return new Policy(integer(node, "min-copies", at + ".min-copies", defaults.minCopies(), 0),
                integer(node, "min-media", at + ".min-media", defaults.minMedia(), 0),
                integer(node, "min-offsite", at + ".min-offsite", defaults.minOffsite(), 0));
    }

    private Drill drill(JsonNode node) {
        Path defaultState = base.resolve(".backup-drills.json");
        if (node == null) {
            return new Drill(1, 0, defaultState);
        }
        if (!node.isObject()) {
            throw bad("drill", "expected a mapping");
        }
        keys(node, DRILL, "drill");
        if (node.has("files") && node.has("fraction")) {
            throw bad("drill", "give files or fraction, not both");
        }
        int files = integer(node, "files", "drill.files", node.has("fraction") ? 0 : 1, 0);
        double fraction = 0;
        if (node.has("fraction")) {
            JsonNode f = node.get("fraction");
            if (!f.isNumber() || f.asDouble() <= 0 || f.asDouble() > 1) {
                throw bad("drill.fraction", "expected a number in (0, 1], not '" + f.asText() + "'");
            }
            fraction = f.asDouble();
        }
        String state = text(node, "state-file", "drill.state-file", false);
        return new Drill(files, fraction, state == null ? defaultState : base.resolve(state).normalize());
    }

    private Restic restic(JsonNode node) {
        if (node == null) {
            return new Restic("restic", 10, Duration.ofHours(6));
        }
        if (!node.isObject()) {
            throw bad("restic", "expected a mapping");
        }
        keys(node, RESTIC, "restic");
        String binary = text(node, "binary", "restic.binary", false);
        int parts = integer(node, "check-parts", "restic.check-parts", 10, 1);
        String timeout = text(node, "timeout", "restic.timeout", false);
        return new Restic(binary == null ? "restic" : binary, parts,
                timeout == null ? Duration.ofHours(6) : Durations.parse(timeout, d -> bad("restic.timeout", d)));
    }

    private void refuseStateInsideCopies(BackupConfig config) {
        Path state = config.drill().stateFile();
        for (int i = 0; i < config.sets().size(); i++) {
            for (Copy copy : config.sets().get(i).copies()) {
                if (state.startsWith(copy.path())) {
                    throw bad("drill.state-file", "lies inside backup location '" + copy.location()
                            + "'; verification never writes into a backup location");
                }
            }
        }
    }

    private void keys(JsonNode node, Set<String> allowed, String at) {
        yaml.keys(node, at, allowed);
    }

    private String text(JsonNode node, String key, String at, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(at, "missing");
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw bad(at, "expected a non-empty text value");
        }
        return v.asText().trim();
    }

    private int integer(JsonNode node, String key, String at, int fallback, int min) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min) {
            throw bad(at, "expected a whole number >= " + min + ", not '" + v.asText() + "'");
        }
        return v.asInt();
    }

    private boolean bool(JsonNode node, String key, String at, boolean fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw bad(at, "expected true or false, not '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    private BadInputException bad(String at, String problem) {
        return yaml.error(at, problem);
    }
}
