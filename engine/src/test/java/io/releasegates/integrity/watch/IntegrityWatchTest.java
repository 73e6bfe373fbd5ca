package io.releasegates.integrity.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.integrity.SeverityRule;
import io.releasegates.files.Digests;
import io.releasegates.report.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real file-system events on a real tree, each alert within 2 s, and silence where nothing changed. */
class IntegrityWatchTest {
    @TempDir
    Path tmp;
    private WatchHarness h;
    private Path conf;

    @BeforeEach
    void tree() throws Exception {
        h = new WatchHarness(tmp);
        conf = Files.createDirectories(h.tree.resolve("conf"));
        Files.writeString(conf.resolve("nginx.conf"), "worker_processes 2;\n");
        Files.writeString(conf.resolve("notes.txt"), "hello\n");
        Files.writeString(h.tree.resolve("sudoers"), "root ALL=(ALL) ALL\n");
        Files.createSymbolicLink(h.tree.resolve("current"), Path.of("conf/nginx.conf"));
        h.record(List.of(SeverityRule.parse("sudoers=critical"), SeverityRule.parse("*.txt=low")));
        h.start(o -> o);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private static String sha(String text) {
        return Digests.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAlertAModifiedFileWithBothHashesAndItsSeverityWithinTwoSeconds() throws Exception {
        long t = System.nanoTime();
        Files.writeString(h.tree.resolve("sudoers"), "root ALL=(ALL) ALL\nmallory ALL=(ALL) NOPASSWD: ALL\n");

        FileAlert a = h.next(t);
        assertThat(a.path()).isEqualTo("sudoers");
        assertThat(a.change()).isEqualTo(FileChange.MODIFIED);
        assertThat(a.state()).isEqualTo(FileAlert.OPEN);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL.label());
        assertThat(a.ruleId()).isEqualTo("RG-INT-MODIFIED");
        assertThat(a.host()).isEqualTo("test-host");
        assertThat(a.baselineSha256()).isEqualTo(sha("root ALL=(ALL) ALL\n"));
        assertThat(a.sha256()).isEqualTo(sha("root ALL=(ALL) ALL\nmallory ALL=(ALL) NOPASSWD: ALL\n"));
        assertThat(JsonLinesSink.line(a)).startsWith("{\"time\":\"").contains("\"change\":\"modified\"").doesNotContain("\n");
        assertThat(h.drain(800)).as("one alert per change").isEmpty();
    }

    @Test
    void shouldAlertAnAddedAndARemovedFile() throws Exception {
        long t = System.nanoTime();
        Files.writeString(conf.resolve("evil.conf"), "load_module /tmp/x.so;\n");
        FileAlert added = h.next(t);
        assertThat(added.path()).isEqualTo("conf/evil.conf");
        assertThat(added.change()).isEqualTo(FileChange.ADDED);
        assertThat(added.baselineSha256()).isNull();
        assertThat(added.sha256()).isEqualTo(sha("load_module /tmp/x.so;\n"));

        t = System.nanoTime();
        Files.delete(conf.resolve("notes.txt"));
        FileAlert removed = h.next(t);
        assertThat(removed.path()).isEqualTo("conf/notes.txt");
        assertThat(removed.change()).isEqualTo(FileChange.REMOVED);
        assertThat(removed.severity()).isEqualTo("low");
        assertThat(removed.baselineSha256()).isEqualTo(sha("hello\n"));
        assertThat(removed.sha256()).isNull();
        assertThat(h.drain(600)).isEmpty();
    }

    @Test
    void shouldAlertAChmodAsAModeChange() throws Exception {
        long t = System.nanoTime();
        Files.setPosixFilePermissions(conf.resolve("nginx.conf"), PosixFilePermissions.fromString("rw-rw-rw-"));
        FileAlert a = h.next(t);
        assertThat(a.path()).isEqualTo("conf/nginx.conf");
        assertThat(a.change()).isEqualTo(FileChange.MODE);
        assertThat(a.message()).contains("0666");
        assertThat(a.baselineSha256()).isEqualTo(a.sha256()).isNotNull();
        assertThat(h.drain(600)).isEmpty();
    }

    @Test
    void shouldAlertAChownAsAnOwnerChange() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        UserPrincipal nobody = h.tree.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        long t = System.nanoTime();
        Files.setOwner(conf.resolve("nginx.conf"), nobody);
        FileAlert a = h.next(t);
        assertThat(a.change()).isEqualTo(FileChange.OWNER);
        assertThat(a.message()).contains("nobody");
    }

    @Test
    void shouldAlertARetargetedSymlinkOnce() throws Exception {
        long t = System.nanoTime();
        // ln -sfn: a new link renamed over the old one
        Path tmpLink = h.tree.resolve(".current.tmp");
        Files.createSymbolicLink(tmpLink, Path.of("/etc/shadow"));
        Files.move(tmpLink, h.tree.resolve("current"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        FileAlert a = h.next(t);
        assertThat(a.path()).isEqualTo("current");
        assertThat(a.change()).isEqualTo(FileChange.LINK_TARGET);
        assertThat(a.message()).contains("/etc/shadow");
        assertThat(h.drain(800)).as("the temporary link alerts nothing").isEmpty();
    }

    @Test
    void shouldGiveOneModifiedAlertForAnEditorsAtomicSave() throws Exception {
        long t = System.nanoTime();
        Path swap = conf.resolve(".nginx.conf.swp");
        Files.writeString(swap, "worker_processes 4;\n");
        Files.setPosixFilePermissions(swap, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(swap, conf.resolve("nginx.conf"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        FileAlert a = h.next(t);
        assertThat(a.path()).isEqualTo("conf/nginx.conf");
        assertThat(a.change()).isEqualTo(FileChange.MODIFIED);
        assertThat(a.sha256()).isEqualTo(sha("worker_processes 4;\n"));
        assertThat(h.drain(1000)).as("no storm: nothing for the swap file, nothing twice").isEmpty();
    }

    @Test
    void shouldWatchANewSubdirectoryAndWhatIsWrittenInIt() throws Exception {
        long t = System.nanoTime();
        Path sub = Files.createDirectory(conf.resolve("sites-enabled"));
        Files.writeString(sub.resolve("a.conf"), "server {}\n");
        FileAlert dir = h.next(t);
        FileAlert file = h.next(t);
        assertThat(List.of(dir.path(), file.path())).containsExactly("conf/sites-enabled", "conf/sites-enabled/a.conf");
        assertThat(dir.change()).isEqualTo(FileChange.ADDED);
        assertThat(file.change()).isEqualTo(FileChange.ADDED);

        // later writes in the new directory come from its own watch
        Thread.sleep(300);
        t = System.nanoTime();
        Files.writeString(sub.resolve("b.conf"), "server { listen 81; }\n");
        FileAlert later = h.next(t);
        assertThat(later.path()).isEqualTo("conf/sites-enabled/b.conf");
        assertThat(h.drain(600)).isEmpty();
    }

    @Test
    void shouldStaySilentOnTouchAndReads() throws Exception {
        Path f = conf.resolve("nginx.conf");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        Files.setLastModifiedTime(conf, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        assertThat(Files.readString(f)).contains("worker_processes");
        try (var list = Files.list(conf)) {
            assertThat(list.count()).isEqualTo(2);
        }
        assertThat(h.drain(1500)).isEmpty();
        assertThat(h.warnings).noneMatch(w -> w.contains("warning"));
    }

    @Test
    void shouldResolveAChangeThatIsReverted() throws Exception {
        long t = System.nanoTime();
        Path f = conf.resolve("nginx.conf");
        Files.writeString(f, "worker_processes 64;\n");
        assertThat(h.next(t).state()).isEqualTo(FileAlert.OPEN);
        t = System.nanoTime();
        Files.writeString(f, "worker_processes 2;\n");
        FileAlert back = h.next(t);
        assertThat(back.state()).isEqualTo(FileAlert.RESOLVED);
        assertThat(back.change()).isEqualTo(FileChange.MODIFIED);
        assertThat(back.path()).isEqualTo("conf/nginx.conf");
    }
}
