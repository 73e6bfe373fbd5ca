package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./release-gates} launcher itself (a bash script): SIGTERM while the JVM writes its class-data archive
 * stops the JVM and leaves no temporary archive; {@code install} links it onto a PATH folder. The JVM it starts is a
 * stand-in main class that waits (RELEASE_GATES_JAR), so the test does not depend on the packaged CLI jar, which Maven
 * builds after the tests.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of(System.getProperty("releasegates.fixtureSources")).toAbsolutePath()
            .normalize().getParent().resolve("release-gates");

    @TempDir
    Path tmp;

    /** The stand-in CLI: says it is ready, then waits to be stopped. */
    public static final class WaitingMain {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    private Path waitingJar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, WaitingMain.class.getName());
        Path jar = tmp.resolve("waiting.jar");
        String entry = WaitingMain.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             var in = WaitingMain.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        return jar;
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for its side effect (a lock, a live process)
    void shouldStopTheJvmAndRemoveTheTemporaryArchiveOnSigterm() throws Exception {
        Path cds = tmp.resolve("cds");
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "fleet", "report").redirectErrorStream(true);
        pb.environment().put("RELEASE_GATES_JAR", waitingJar().toString());
        pb.environment().put("RELEASE_GATES_CDS_DIR", cds.toString());
        Process launcher = pb.start();
        try (OutputStream stdin = launcher.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                     StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            // the launcher's children: the JVM and its progress ticker (a subshell)
            List<ProcessHandle> children = launcher.toHandle().children().toList();
            List<ProcessHandle> jvms = children.stream()
                    .filter(h -> h.info().command().orElse("").endsWith("/java")).toList();
            assertThat(jvms).as("the JVM runs as the launcher's child while it writes an archive").hasSize(1);
            assertThat(jvms.get(0).info().commandLine().orElse("")).contains("-XX:ArchiveClassesAtExit=");

            launcher.destroy();   // SIGTERM to the launcher only, as `kill PID` does

            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("launcher ended").isTrue();
            assertThat(launcher.exitValue()).isEqualTo(143);
            assertThat(jvms.get(0).isAlive()).as("the JVM the launcher started").isFalse();
            assertThat(children).as("processes the launcher started").noneMatch(ProcessHandle::isAlive);
        }
        try (Stream<Path> left = Files.walk(cds)) {
            assertThat(left.filter(Files::isRegularFile)).as("archives left in %s", cds).isEmpty();
        }
    }

    @Test
    void shouldLinkTheLauncherIntoPrefixBinAndSayWhenThatIsNotOnThePath() throws Exception {
        Path prefix = tmp.resolve("prefix");
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "install", "--prefix", prefix.toString())
                .redirectErrorStream(true);
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
        Path link = prefix.resolve("bin/release-gates");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(link.toRealPath()).isEqualTo(LAUNCHER.toRealPath());
        assertThat(out).contains("linked " + link).contains(prefix.resolve("bin") + " is not on your PATH");

        // the link finds the repository it belongs to: `release-gates --version` through it runs this checkout's jar
        ProcessBuilder viaLink = new ProcessBuilder(link.toString(), "install", "--prefix", prefix.toString());
        viaLink.environment().put("PATH", prefix.resolve("bin") + ":/usr/bin:/bin");
        Process again = viaLink.redirectErrorStream(true).start();
        String second = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(again.waitFor()).as(second).isZero();
        assertThat(second).contains("-> " + LAUNCHER.toRealPath()).doesNotContain("not on your PATH");
    }

    @Test
    void shouldRefuseToReplaceAFileThatIsNotItsLink() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("p/bin"));
        Files.writeString(bin.resolve("release-gates"), "#!/bin/sh\necho mine\n");
        Process p = new ProcessBuilder("bash", LAUNCHER.toString(), "install", "--prefix", tmp.resolve("p").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("exists and is not a link; not replacing it");
        assertThat(Files.readString(bin.resolve("release-gates"))).contains("echo mine");
    }
}
