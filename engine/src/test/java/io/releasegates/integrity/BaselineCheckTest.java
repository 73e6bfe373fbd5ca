package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import io.releasegates.signing.Signatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.Json;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class BaselineCheckTest {
    @TempDir
    Path tmp;

    private final IntegrityChecker checker = new IntegrityChecker(2);

    /** A small /etc-like tree: config files, a script, a nested directory and an in-tree symlink. */
    static Path configTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("conf.d"));
        Files.writeString(root.resolve("app.yml"), "server:\n  port: 8080\n");
        Files.writeString(root.resolve("conf.d/db.properties"), "url=jdbc:postgresql://db/shop\n");
        Files.writeString(root.resolve("conf.d/cache.properties"), "size=512\n");
        Files.writeString(root.resolve("start.sh"), "#!/bin/sh\nexec java -jar app.jar\n");
        Files.setPosixFilePermissions(root.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("app.yml"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(root.resolve("current.properties"), Path.of("conf.d/db.properties"));
        return root;
    }

    private Path signedBaseline(Path tree, SigningKey key) throws IOException {
        Path file = tmp.resolve("baseline.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), file, key);
        return file;
    }

    private static List<String> rules(GateReport report) {
        return report.findings().stream().map(f -> f.ruleId() + " " + f.location()).toList();
    }

    @Test
    void shouldFindNothingOnAnUnchangedTreeWithAValidSignature() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        SigningKey key = SigningKey.generateEd25519();
        Path baseline = signedBaseline(tree, key);

        GateReport report = checker.checkBaseline(tree, baseline, key.verifier(), List.of());

        assertThat(report.findings()).isEmpty();
        assertThat(report.passes(Severity.INFO)).isTrue();
        assertThat(report.summary()).containsEntry("files", 4L).containsEntry("symlinks", 1L)
                .containsEntry("directories", 1L).containsEntry("pathsDrifted", 0L);
        assertThat(report.inputs()).extracting(i -> i.role()).contains("tree", "baseline", "key");
        assertThat(report.dataAsOf()).containsKey("baseline");
    }

    @Test
    void shouldFindNothingWhenOnlyTimestampsChange() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        SigningKey key = SigningKey.generateHmac();
        Path baseline = signedBaseline(tree, key);
        FileTime future = FileTime.from(Instant.parse("2031-01-01T00:00:00Z"));
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(future, future, null);
            }
        }
        assertThat(Files.getLastModifiedTime(tree.resolve("app.yml"))).isEqualTo(future);

        GateReport report = checker.checkBaseline(tree, baseline, key, List.of());

        assertThat(report.findings()).isEmpty();
    }

    /** Each drift kind: absent before the change (the clean check), present after it, on the right path only. */
    @TestFactory
    Stream<DynamicTest> shouldReportEveryDriftKindOnlyWhenItHappens() {
        record Drift(String name, Mutation mutation, String expected) {
        }
        return Stream.of(
                new Drift("added file", t -> Files.writeString(t.resolve("conf.d/extra.properties"), "x=1\n"),
                        "RG-INT-ADDED conf.d/extra.properties"),
                new Drift("added directory", t -> Files.createDirectory(t.resolve("plugins")), "RG-INT-ADDED plugins"),
                new Drift("removed file", t -> Files.delete(t.resolve("conf.d/cache.properties")),
                        "RG-INT-REMOVED conf.d/cache.properties"),
                new Drift("content modified, same size, old mtime restored", t -> {
                    Path p = t.resolve("conf.d/cache.properties");
                    FileTime before = Files.getLastModifiedTime(p);
                    Files.writeString(p, "size=999\n");
                    Files.setLastModifiedTime(p, before);
                }, "RG-INT-MODIFIED conf.d/cache.properties"),
                new Drift("mode changed", t -> Files.setPosixFilePermissions(t.resolve("app.yml"),
                        PosixFilePermissions.fromString("rw-rw-rw-")), "RG-INT-MODE app.yml"),
                new Drift("setuid added", t -> Files.setAttribute(t.resolve("start.sh"), "unix:mode", 04755),
                        "RG-INT-MODE start.sh"),
                new Drift("file replaced by symlink", t -> {
                    Files.delete(t.resolve("app.yml"));
                    Files.createSymbolicLink(t.resolve("app.yml"), Path.of("conf.d/cache.properties"));
                }, "RG-INT-TYPE app.yml"),
                new Drift("symlink replaced by file", t -> {
                    Files.delete(t.resolve("current.properties"));
                    Files.writeString(t.resolve("current.properties"), "url=jdbc:postgresql://db/shop\n");
                }, "RG-INT-TYPE current.properties"),
                new Drift("directory replaced by file", t -> {
                    try (Stream<Path> s = Files.list(t.resolve("conf.d"))) {
                        for (Path p : s.toList()) {
                            Files.delete(p);
                        }
                    }
                    Files.delete(t.resolve("conf.d"));
                    Files.writeString(t.resolve("conf.d"), "");
                }, "RG-INT-TYPE conf.d"),
                new Drift("symlink retargeted", t -> {
                    Files.delete(t.resolve("current.properties"));
                    Files.createSymbolicLink(t.resolve("current.properties"), Path.of("conf.d/cache.properties"));
                }, "RG-INT-RETARGETED current.properties")
        ).map(d -> dynamicTest(d.name(), () -> {
            Path tree = configTree(Files.createTempDirectory(tmp, "tree"));
            SigningKey key = SigningKey.generateEd25519();
            Path baseline = Files.createTempFile(tmp, "baseline", ".json");
            BaselineFile.write(checker.baseline(tree, PathFilter.ALL), baseline, key);
            assertThat(rules(checker.checkBaseline(tree, baseline, key, List.of()))).isEmpty();

            d.mutation().apply(tree);
            GateReport report = checker.checkBaseline(tree, baseline, key, List.of());

            assertThat(rules(report)).contains(d.expected());
            assertThat(report.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
            assertThat(report.passes(Severity.HIGH)).isFalse();
        }));
    }

    @Test
    void shouldReportOwnerAndGroupChanges() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        int uid = (Integer) Files.getAttribute(tree.resolve("app.yml"), "unix:uid");
        org.junit.jupiter.api.Assumptions.assumeTrue(uid == 0, "changing owners needs root");
        SigningKey key = SigningKey.generateHmac();
        Path baseline = signedBaseline(tree, key);
        Files.setAttribute(tree.resolve("app.yml"), "unix:uid", 65534);
        Files.setAttribute(tree.resolve("conf.d/db.properties"), "unix:gid", 65534);

        GateReport report = checker.checkBaseline(tree, baseline, key, List.of());

        assertThat(rules(report)).containsExactlyInAnyOrder("RG-INT-OWNER app.yml", "RG-INT-OWNER conf.d/db.properties");
        Finding owner = report.findings().stream().filter(f -> f.location().equals("app.yml")).findFirst().orElseThrow();
        assertThat(owner.properties()).containsEntry("expectedOwner", "root").containsKey("actualOwner");
    }

    @Test
    void shouldFailAForgedBaselineThatHidesAModification() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        SigningKey key = SigningKey.generateEd25519();
        Path baseline = signedBaseline(tree, key);
        // the intruder changes a file and rewrites its hash in the baseline to match
        Files.writeString(tree.resolve("conf.d/db.properties"), "url=jdbc:postgresql://evil/shop\n");
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(baseline.toFile());
        String newHash = io.releasegates.files.Digests.sha256(tree.resolve("conf.d/db.properties"));
        doc.withArray("entries").forEach(e -> {
            if (e.get("path").asText().equals("conf.d/db.properties")) {
                ((ObjectNode) e).put("sha256", newHash).put("size", 32);
            }
        });
        Files.writeString(baseline, Json.mapper().writeValueAsString(doc));

        GateReport report = checker.checkBaseline(tree, baseline, key.verifier(), List.of());

        assertThat(rules(report)).containsExactly("RG-INT-SIGNATURE " + baseline);
        assertThat(report.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(report.findings().get(0).properties()).containsEntry("status", "invalid");
        assertThat(report.passes(Severity.CRITICAL)).isFalse();
    }

    @Test
    void shouldFailABaselineWithTheSignatureStrippedOrMadeByAnotherKey() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        SigningKey key = SigningKey.generateEd25519();
        Path stripped = tmp.resolve("unsigned.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), stripped, null);
        Path other = tmp.resolve("other.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), other, SigningKey.generateEd25519());

        assertThat(rules(checker.checkBaseline(tree, stripped, key, List.of())))
                .containsExactly("RG-INT-SIGNATURE " + stripped);
        GateReport byOther = checker.checkBaseline(tree, other, key, List.of());
        assertThat(rules(byOther)).containsExactly("RG-INT-SIGNATURE " + other);
        assertThat(byOther.findings().get(0).properties()).containsEntry("status", "other_key");
    }

    @Test
    void shouldFlagAnUnverifiedBaselineAtMediumWithoutFailingTheDefaultThreshold() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        Path unsigned = tmp.resolve("unsigned.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), unsigned, null);

        GateReport report = checker.checkBaseline(tree, unsigned, null, List.of());

        assertThat(rules(report)).containsExactly("RG-INT-UNVERIFIED " + unsigned);
        assertThat(report.findings().get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(report.passes(Severity.HIGH)).isTrue();
    }

    @Test
    void shouldHonourRecordedAndCheckTimeExcludes() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        Files.createDirectories(tree.resolve("logs"));
        Files.writeString(tree.resolve("logs/app.log"), "started\n");
        Files.writeString(tree.resolve("conf.d/app.log"), "started\n");
        SigningKey key = SigningKey.generateHmac();
        Path baseline = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, new PathFilter(List.of(), List.of("*.log", "/logs"))), baseline, key);
        assertThat(BaselineFile.read(baseline).baseline().entries()).extracting(TreeEntry::path)
                .doesNotContain("logs", "logs/app.log", "conf.d/app.log").contains("conf.d/db.properties");

        Files.writeString(tree.resolve("logs/app.log"), "more\n");
        Files.writeString(tree.resolve("conf.d/new.log"), "x\n");
        Files.writeString(tree.resolve("conf.d/cache.properties"), "size=1\n");
        // through the gate's entry point, as the CLI, the plugin and check call it
        IntegrityRequest request = IntegrityRequest.baseline(tree, baseline, key).withThreads(2);
        assertThat(rules(IntegrityChecker.check(request)))
                .containsExactly("RG-INT-MODIFIED conf.d/cache.properties");
        assertThat(rules(IntegrityChecker.check(request.withExcludes(List.of("conf.d/cache.*"))))).isEmpty();
    }

    @Test
    void shouldRecordOnlyIncludedPaths() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        Baseline b = checker.baseline(tree, new PathFilter(List.of("*.properties"), List.of()));

        assertThat(b.entries()).extracting(TreeEntry::path)
                .containsExactly("conf.d/cache.properties", "conf.d/db.properties", "current.properties");
        assertThat(b.includes()).containsExactly("*.properties");
    }

    @Test
    void shouldRefuseUnusableInputAsBadInput() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{not json", StandardCharsets.UTF_8);
        Path wrongFormat = Files.writeString(tmp.resolve("wrong.json"), "{\"format\":\"something/else\"}");
        Path escaping = Files.writeString(tmp.resolve("escaping.json"), "{\"format\":\"" + Baseline.FORMAT
                + "\",\"entries\":[{\"path\":\"../../etc/passwd\",\"type\":\"file\"}]}");

        assertThatThrownBy(() -> checker.checkBaseline(tree, garbage, null, List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("garbage.json");
        assertThatThrownBy(() -> checker.checkBaseline(tree, wrongFormat, null, List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("unknown baseline format");
        assertThatThrownBy(() -> checker.checkBaseline(tree, escaping, null, List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not relative");
        assertThatThrownBy(() -> checker.checkBaseline(tmp.resolve("nope"), escaping, null, List.of()))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> checker.baseline(tree.resolve("app.yml"), PathFilter.ALL))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a directory");
    }

    @Test
    void shouldStreamTheSameCanonicalFormTheGenericSignerComputes() throws Exception {
        Path tree = configTree(tmp.resolve("etc"));
        Files.createSymbolicLink(tree.resolve("escape"), Path.of("/etc/passwd"));
        Files.writeString(tree.resolve("uni-\u00e9\u4e2d \"q\".txt"), "\u00e9\n");
        Baseline b = checker.baseline(tree, new PathFilter(List.of(), List.of("*.bak")));
        SigningKey key = SigningKey.generateEd25519();
        Path file = tmp.resolve("b.json");
        BaselineFile.write(b, file, key);

        ObjectNode generic = Signatures.readObject(file);
        assertThat(new String(BaselineJson.canonical(BaselineFile.read(file).baseline()), StandardCharsets.UTF_8))
                .isEqualTo(new String(Signatures.canonicalBytes(generic), StandardCharsets.UTF_8));
        assertThat(Signatures.verify(generic, key).valid()).isTrue();
        assertThat(BaselineFile.read(file).verify(key).valid()).isTrue();
        // one entry per line for people and diffs
        assertThat(Files.readAllLines(file)).filteredOn(l -> l.contains("\"path\":")).hasSize(b.entries().size());
    }

    @Test
    void shouldRefuseMembersTheSignatureCannotVouchFor() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        Path file = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), file, SigningKey.generateHmac());
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"note\": \"trust me\", "));

        assertThatThrownBy(() -> BaselineFile.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown member 'note'");
    }

    @Test
    void shouldHonourRecordedExcludesWhenTheEntriesComeBeforeThemInTheFile() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        Files.writeString(tree.resolve("conf.d/app.log"), "started\n");
        Path file = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, new PathFilter(List.of(), List.of("*.log"))), file, null);
        // a hand-edited file: the header no longer names the globs before the entries, so the walk must wait for them
        ObjectNode reordered = Signatures.readObject(file);
        JsonNode excludes = reordered.remove("excludes");
        reordered.set("excludes", excludes);
        Files.writeString(file, reordered.toString());
        Files.writeString(tree.resolve("conf.d/app.log"), "more\n");

        assertThat(BaselineFile.filterAhead(Files.readAllBytes(file))).isEmpty();
        assertThat(rules(checker.checkBaseline(tree, file, null, List.of())))
                .containsExactly("RG-INT-UNVERIFIED " + file);
    }

    @Test
    void shouldRefuseABaselineThatNamesItsExcludesTwice() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));
        Path file = tmp.resolve("b.json");
        BaselineFile.write(checker.baseline(tree, PathFilter.ALL), file, null);
        // the first list would steer the walk, the second the signature: neither may silently win
        Files.writeString(file, Files.readString(file).replaceFirst("\"excludes\": \\[]", "\"excludes\": [],\n  \"excludes\": [\"conf.d\"]"));

        assertThatThrownBy(() -> checker.checkBaseline(tree, file, null, List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("b.json")
                .hasMessageContaining("more than once");
    }

    @Test
    void shouldNameAMissingBaselineFile() throws IOException {
        Path tree = configTree(tmp.resolve("etc"));

        assertThatThrownBy(() -> checker.checkBaseline(tree, tmp.resolve("absent.json"), null, List.of()))
                .isInstanceOf(BadInputException.class).hasMessage(tmp.resolve("absent.json") + ": no such baseline file");
    }

    @FunctionalInterface
    interface Mutation {
        void apply(Path tree) throws IOException;
    }
}
