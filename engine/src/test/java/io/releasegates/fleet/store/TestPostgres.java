package io.releasegates.fleet.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests, from zonky's binaries on Maven Central. PostgreSQL refuses to run as root; when
 * the build runs as root (CI containers), the same binaries are started as user {@code nobody} through setpriv.
 * One server per test JVM; every caller gets a fresh database.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String adminUrl;
    private static Path dataDir;

    private TestPostgres() {
    }

    public static synchronized String newDatabaseUrl() {
        try {
            if (adminUrl == null) {
                adminUrl = "root".equals(System.getProperty("user.name")) ? startAsNobody() : startWithZonky();
            }
            String name = "fleet_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
            try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return adminUrl.replace("/postgres?", "/" + name + "?");
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The server's postmaster process id when this class started it as 'nobody' (the bench counts its CPU time). */
    public static synchronized java.util.OptionalLong serverPid() {
        try {
            return dataDir == null ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private static String startWithZonky() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is going away
            }
        }));
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres";
    }

    private static String startAsNobody() throws IOException {
        Path dir = Files.createTempDirectory("rg-fleet-pg-");
        Path txz = dir.resolve("postgres.txz");
        try (InputStream in = TestPostgres.class.getClassLoader().getResourceAsStream("postgres-linux-x86_64.txz")) {
            if (in == null) {
                throw new IOException("postgres-linux-x86_64.txz not on the test class path (zonky binaries)");
            }
            Files.copy(in, txz);
        }
        Path bin = dir.resolve("pg");
        Files.createDirectories(bin);
        run(List.of("tar", "-xJf", txz.toString(), "-C", bin.toString()));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        dataDir = data;
        run(List.of("chmod", "-R", "a+rX", dir.toString()));
        run(List.of("chown", "-R", "nobody", data.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        asNobody(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8",
                "--no-sync");
        asNobody(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                "-o", "-p " + port + (Boolean.getBoolean("releasegates.pg.fsync") ? "" : " -F") + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + data
                        + " -c max_connections=200", "-w", "-t", "60", "start");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                asNobody(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (IOException ignored) {
                // best effort: the directory goes next
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp directory; nothing else to do
            }
        }));
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static void asNobody(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        full.addAll(List.of(command));
        run(full);
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
