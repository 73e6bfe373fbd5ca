package io.releasegates.inventory;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lists what is installed on a host: OS packages from the dpkg status file, the rpm database (through
 * {@code rpm -qa --queryformat}, when the {@code rpm} command exists) and the apk installed database, plus the
 * running JVM. Purls are {@code pkg:deb/…}, {@code pkg:rpm/…} and {@code pkg:apk/…} with the distribution from
 * {@code /etc/os-release} as namespace and {@code arch}/{@code distro} qualifiers.
 *
 * <p>{@code root} is the file system root to read ({@code /} for this machine, or a mounted image); the running
 * JVM is only listed for this machine. A root without any package database is an error in the inventory.
 */
public final class HostInventory {
    private static final long RPM_TIMEOUT_SECONDS = 120;

    /** The setting naming the root (the CLI's {@code --root}): what errors name ({@link BadInputException#ofSettings}). */
    public static final String ROOT = "root";

    private HostInventory() {
    }

    public static Inventory inventory(Path root) {
        if (!Files.isDirectory(root)) {
            throw BadInputException.ofSettings(root + ": not a directory (expected a file system root for {0})", ROOT);
        }
        Map<String, String> os = osRelease(root);
        String id = os.getOrDefault("ID", "");
        String distro = os.containsKey("VERSION_CODENAME") ? os.get("VERSION_CODENAME")
                : (id.isEmpty() ? "" : id + (os.containsKey("VERSION_ID") ? "-" + os.get("VERSION_ID") : ""));
        List<Component> components = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        boolean thisMachine = isThisMachine(root);

        Path dpkg = root.resolve("var/lib/dpkg/status");
        if (Files.isRegularFile(dpkg)) {
            components.addAll(read(dpkg, r -> OsPackages.dpkg(r, id.isEmpty() ? "debian" : id, distro)));
            sources.add("dpkg");
        }
        Path apk = root.resolve("lib/apk/db/installed");
        if (Files.isRegularFile(apk)) {
            components.addAll(read(apk, r -> OsPackages.apk(r, id.isEmpty() ? "alpine" : id, distro)));
            sources.add("apk");
        }
        // RHEL 9 / Fedora keep the database in usr/lib/sysimage/rpm, older ones in var/lib/rpm
        String dbPath = Files.isDirectory(root.resolve("usr/lib/sysimage/rpm")) && !isEmptyDir(root.resolve(
                "usr/lib/sysimage/rpm")) ? "/usr/lib/sysimage/rpm"
                : Files.isDirectory(root.resolve("var/lib/rpm")) && !isEmptyDir(root.resolve("var/lib/rpm"))
                ? "/var/lib/rpm" : null;
        if (dbPath != null) {
            Optional<String> out = rpmQuery(root, dbPath, errors);
            if (out.isPresent()) {
                try {
                    components.addAll(OsPackages.rpm(new StringReader(out.get()), id.isEmpty() ? "rpm" : id, distro));
                } catch (IOException e) {
                    throw new IllegalStateException("reading a string cannot fail", e);
                }
                sources.add("rpm");
            }
        }
        if (thisMachine) {
            components.add(runningJvm());
        }
        if (sources.isEmpty()) {
            errors.add(root + ": no package database found (dpkg status, apk installed or rpm)");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        String host = hostName(root, thisMachine);
        metadata.put("host.name", host);
        metadata.put("root", root.toString());
        metadata.put("package.databases", String.join(",", sources));
        putIfPresent(metadata, "os.id", id);
        putIfPresent(metadata, "os.versionId", os.getOrDefault("VERSION_ID", ""));
        putIfPresent(metadata, "os.prettyName", os.getOrDefault("PRETTY_NAME", ""));
        return new Inventory(host, "", Optional.empty(), components, List.of(), errors, metadata, Instant.now());
    }

    private interface Parser {
        List<Component> parse(Reader reader) throws IOException;
    }

    private static List<Component> read(Path file, Parser parser) {
        // InputStreamReader replaces malformed bytes instead of failing: one odd maintainer name must not lose a host
        try (Reader r = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            return parser.parse(r);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + ArchiveReader.message(e) + ")", e);
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    /** {@code --dbpath} explicitly: Debian's rpm would otherwise look in {@code ~/.rpmdb} of the root. */
    private static Optional<String> rpmQuery(Path root, String dbPath, List<String> errors) {
        ProcessBuilder pb = new ProcessBuilder("rpm", "--root", root.toAbsolutePath().toString(), "--dbpath", dbPath,
                "-qa", "--queryformat", OsPackages.RPM_QUERY_FORMAT);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(RPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                errors.add(root + ": rpm -qa did not finish in " + RPM_TIMEOUT_SECONDS + " s");
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                errors.add(root + ": rpm -qa failed with exit code " + p.exitValue());
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            errors.add(root + ": an rpm database exists but the rpm command cannot run (" + e.getMessage() + ")");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(root + ": interrupted while running rpm -qa");
            return Optional.empty();
        }
    }

    static Component runningJvm() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("java.vendor", System.getProperty("java.vendor", ""));
        facts.put("java.vm.name", System.getProperty("java.vm.name", ""));
        facts.put("java.home", System.getProperty("java.home", ""));
        return new Component(Component.Type.PLATFORM, "", "java-runtime",
                System.getProperty("java.runtime.version", System.getProperty("java.version", "")), "", "", "", "",
                Evidence.RUNNING_JVM, null, List.of(), facts);
    }

    static Map<String, String> osRelease(Path root) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String candidate : new String[] {"etc/os-release", "usr/lib/os-release"}) {
            Path file = root.resolve(candidate);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
                    }
                }
            } catch (IOException e) {
                // no os-release only means purls without a distro qualifier
            }
            break;
        }
        return out;
    }

    private static boolean isThisMachine(Path root) {
        try {
            return root.toRealPath().equals(Path.of("/").toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostName(Path root, boolean thisMachine) {
        Path file = root.resolve("etc/hostname");
        try {
            if (Files.isRegularFile(file)) {
                String name = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        if (thisMachine) {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) {
                return env;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
        return root.toAbsolutePath().normalize().toString();
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
