package io.releasegates.fleet.store;

import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded H2 store's safety model (docs/fleet.md "Store safety"): no network mode at all, so nothing listens
 * and no database password would protect anything — the files are the only way in, so they are created owner-only;
 * one process at a time (H2's file lock), a second one gets a one-line "store busy" error naming the holder's pid;
 * every commit written to the file at once ({@code WRITE_DELAY=0}) and group-commit batches synced before they are
 * acknowledged ({@link JdbcFleetStore}).
 */
final class H2Files {
    /** H2's "Database may be already in use": another process holds the file lock. */
    static final int DATABASE_ALREADY_OPEN = 90020;

    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    /**
     * Every commit reaches the file before the commit returns (H2 would otherwise write in the background within
     * 500 ms: acknowledged reports were lost to kill -9); the store closes the database itself, after its writers
     * drained, instead of H2's own shutdown hook racing with them.
     */
    private static final List<String> SETTINGS = List.of("WRITE_DELAY=0", "DB_CLOSE_ON_EXIT=FALSE", "LOCK_TIMEOUT=10000");

    private H2Files() {
    }

    static String fileUrl(Path path) {
        return withSettings("jdbc:h2:file:" + path.toAbsolutePath());
    }

    /** Adds the store's settings a URL does not set itself; refuses the settings that open a network port. */
    static String withSettings(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        if (upper.contains(";AUTO_SERVER=TRUE") || upper.contains(";AUTO_SERVER_PORT")) {
            throw new BadInputException("fleet store " + JdbcUrls.mask(url) + ": AUTO_SERVER is refused: it opens a "
                    + "database port on every interface (docs/fleet.md, Store safety)");
        }
        StringBuilder out = new StringBuilder(url);
        for (String setting : SETTINGS) {
            String name = setting.substring(0, setting.indexOf('=') + 1);
            if (!upper.contains(";" + name)) {
                out.append(';').append(setting);
            }
        }
        return out.toString();
    }

    /** The database file of an embedded H2 file URL ({@code <name>.mv.db}); empty for mem:, tcp:, ssl: and others. */
    static Optional<Path> databaseFile(String url) {
        String rest = url.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (name.matches("^[a-zA-Z]{2,}:.*")) {
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(Path.of(name + ".mv.db").toAbsolutePath().normalize());
    }

    /**
     * Before H2 opens the file: the directories this creates and the database and trace files are owner-only from
     * their first byte (a file tightened after creation could already be open in someone else's hands); files of
     * an older store are tightened.
     */
    static void prepare(Path databaseFile) {
        if (!posix(databaseFile)) {
            return;
        }
        Path dir = databaseFile.getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            }
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_FILE);
            String base = baseName(databaseFile);
            for (Path file : List.of(databaseFile, dir.resolve(base + ".trace.db"))) {
                try {
                    Files.createFile(file, ownerOnly);
                } catch (FileAlreadyExistsException e) {
                    // an existing store: tightened below
                }
            }
            tighten(databaseFile);
        } catch (IOException e) {
            throw new BadInputException("fleet store " + databaseFile + ": cannot prepare the store file: " + e.getMessage(), e);
        }
    }

    /** Sets every file of the store ({@code <name>.*}) owner-only. */
    static void tighten(Path databaseFile) throws IOException {
        if (!posix(databaseFile)) {
            return;
        }
        String prefix = baseName(databaseFile) + ".";
        try (Stream<Path> files = Files.list(databaseFile.getParent())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith(prefix) && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && !Files.getPosixFilePermissions(f).equals(OWNER_FILE)) {
                    Files.setPosixFilePermissions(f, OWNER_FILE);
                }
            }
        }
    }

    /** The one-line error when another process holds the store's file lock. */
    static BadInputException busy(Path databaseFile, Throwable cause) {
        OptionalLong pid = lockHolder(databaseFile);
        return new BadInputException("store busy: " + databaseFile + " is open by another process"
                + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "")
                + "; one process at a time uses an H2 store: post reports to the running `serve`, stop it first, "
                + "or use PostgreSQL", cause);
    }

    /** Who holds the POSIX lock on the file, from /proc/locks (Linux); empty when unknown. */
    static OptionalLong lockHolder(Path file) {
        Path locks = Path.of("/proc/locks");
        try {
            if (!Files.isReadable(locks)) {
                return OptionalLong.empty();
            }
            long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            // the kernel prints MAJOR:MINOR:INODE with the glibc encoding of dev_t
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            String key = String.format(Locale.ROOT, "%02x:%02x:%d", major, minor, ino);
            for (String line : Files.readAllLines(locks)) {
                String[] f = line.trim().split("\\s+");
                // "1: POSIX  ADVISORY  WRITE 12509 fe:00:402116 0 EOF"; a blocked waiter's line has "->" first
                if (f.length >= 6 && !f[1].equals("->") && f[5].equals(key) && f[4].matches("\\d+")) {
                    long pid = Long.parseLong(f[4]);
                    if (pid != ProcessHandle.current().pid()) {
                        return OptionalLong.of(pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // "pid if known": the error stays useful without it
        }
        return OptionalLong.empty();
    }

    private static String baseName(Path databaseFile) {
        String name = databaseFile.getFileName().toString();
        return name.substring(0, name.length() - ".mv.db".length());
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
