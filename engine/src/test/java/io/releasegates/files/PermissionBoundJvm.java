package io.releasegates.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test scenario's {@code main} in a child JVM on which file permission bits are enforced, also when the tests
 * run as root (as they do in CI). Root normally reads a mode-000 file through CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH; {@code setpriv} drops both from the bounding set, so the child is the unprivileged reader a
 * real agent is, while it can still read the root-owned class path. What comes back is the child's stdout.
 */
public final class PermissionBoundJvm {
    private PermissionBoundJvm() {
    }

    public static boolean runningAsRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    public static String run(Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xshare:auto", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("child JVM exit; output:%n%s", text).isZero();
        return text;
    }
}
