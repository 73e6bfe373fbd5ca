package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.files.Digests;
import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secret scan through the whole package walk: real library jars, planted and decoy files, what reports show. */
class SecretPackageScanTest {
    static final Path OSV = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories", "osv");
    static final Path TOMCAT = Path.of(System.getProperty("releasegates.fixtures"), "secrets-lib", "tomcat-embed-core-10.1.24.jar");

    @TempDir
    Path tmp;

    @Test
    void shouldRaiseNoSecretInTomcatEmbedCoresMessageBundles() throws IOException {
        // the bundles do hold what used to trip the scanner: keys naming passwords, tokens and credentials
        long secretNamedKeys;
        try (ZipFile jar = new ZipFile(TOMCAT.toFile())) {
            secretNamedKeys = jar.stream().filter(e -> e.getName().contains("LocalStrings")).mapToLong(e -> {
                try {
                    return new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).lines()
                            .filter(l -> l.split("=", 2)[0].matches("(?i).*(password|token|credential|secret).*")).count();
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }).sum();
        }
        assertThat(secretNamedKeys).isGreaterThan(16);
        Path boot = tmp.resolve("shop-boot.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(boot))) {
            put(zip, "BOOT-INF/classes/application.properties", "server.port=8080\n");
            zip.putNextEntry(new ZipEntry("BOOT-INF/lib/" + TOMCAT.getFileName()));
            Files.copy(TOMCAT, zip);
            zip.closeEntry();
        }

        GateReport r = scan(boot);

        assertThat(r.summary().get("textFilesScanned")).isGreaterThan(50L);
        assertThat(r.findings()).filteredOn(f -> f.ruleId().startsWith("RG-SCAN-SECRET")).isEmpty();
        assertThat(r.findings()).filteredOn(f -> f.ruleId().startsWith("RG-SCAN-RISKY")).isEmpty();
    }

    @Test
    void shouldRaiseNoSecretInTheRealLibrariesOfTheSampleReleases() {
        for (String release : List.of("sample-fixed.war", "sample-vulnerable-boot.jar")) {
            GateReport r = scan(Path.of(System.getProperty("releasegates.fixtures"), release));
            assertThat(r.findings()).as(release).filteredOn(f -> f.ruleId().startsWith("RG-SCAN-SECRET")
                    && f.location().contains("!/")).isEmpty();
        }
    }

    @Test
    void shouldFindEveryPlantedSecretInAPackageAndNoDecoyAndKeepThemOutOfJsonAndSarif() throws IOException {
        List<SecretCorpus.Planted> planted = SecretCorpus.planted();
        Map<String, String> root = new LinkedHashMap<>();
        Map<String, Map<String, String>> jars = new LinkedHashMap<>();
        planted.forEach(p -> root.put(p.path(), p.text()));
        for (SecretCorpus.Decoy d : SecretCorpus.decoys()) {
            int nest = d.path().indexOf("!/");
            if (nest < 0) {
                root.put("decoy/" + d.path(), d.text());
            } else {
                jars.computeIfAbsent(d.path().substring(0, nest), j -> new LinkedHashMap<>()).put(d.path().substring(nest + 2), d.text());
            }
        }
        Path war = tmp.resolve("planted.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            for (Map.Entry<String, String> e : root.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Map<String, String>> jar : jars.entrySet()) {
                zip.putNextEntry(new ZipEntry(jar.getKey()));
                zip.write(zipOf(jar.getValue()));
                zip.closeEntry();
            }
        }

        GateReport r = scan(war);

        Map<String, Set<String>> secretRulesByPath = r.findings().stream().filter(f -> f.ruleId().startsWith("RG-SCAN-SECRET"))
                .collect(Collectors.groupingBy(Finding::location, Collectors.mapping(Finding::ruleId, Collectors.toSet())));
        for (SecretCorpus.Planted p : planted) {
            assertThat(secretRulesByPath.get(p.path())).as(p.toString()).contains(p.rule().id());
        }
        assertThat(secretRulesByPath.keySet()).as("decoys").noneMatch(path -> path.startsWith("decoy/") || path.contains("!/"));
        String json = ReportWriter.render(r, ReportFormat.JSON, Severity.HIGH);
        String sarif = ReportWriter.render(r, ReportFormat.SARIF, Severity.HIGH);
        String html = ReportWriter.render(r, ReportFormat.HTML, Severity.HIGH);
        for (SecretCorpus.Planted p : planted) {
            if (p.rule() == ScanRule.SECRET_DEFAULT_CREDENTIALS) {
                continue; // "admin", "manager": the vendors' published defaults, and words any report contains
            }
            String tail = p.secret().length() > 8 ? p.secret().substring(p.secret().length() - 8) : p.secret();
            String unkeyed = Digests.sha256(p.secret().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
            for (String out : List.of(json, sarif, html)) {
                assertThat(out).as(p.toString()).doesNotContain(tail).doesNotContain(unkeyed);
            }
        }
        // no leading characters of a secret either: every masked hint starts with a public prefix or the mask
        assertThat(r.findings()).filteredOn(f -> f.properties().containsKey("masked"))
                .allSatisfy(f -> assertThat(f.properties().get("masked")).matches("[A-Za-z_./-]*\\*{8} \\(\\d+ chars\\)"));
    }

    @Test
    void shouldRecogniseDumpsByTheirContentNotTheirName() throws IOException {
        byte[] elfCore = elf(4);
        byte[] elfExecutable = elf(2);
        Path war = tmp.resolve("dumps.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            put(zip, "WEB-INF/crash/core", elfCore);
            put(zip, "WEB-INF/crash/app.bin", "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII));
            put(zip, "WEB-INF/tools/core", elfExecutable);
            put(zip, "WEB-INF/crash/heap.hprof", "not a heap dump, a note".getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("WEB-INF/lib/activemq-spring-5.18.jar"));
            zip.write(zipOf(Map.of("META-INF/services/org/apache/xbean/spring/http/activemq.apache.org/schema/core",
                    "# NOTE: this file is autogenerated by Apache XBean\npackage=org.apache.activemq.xbean\n")));
            zip.closeEntry();
        }

        GateReport r = scan(war);

        assertThat(r.findings()).filteredOn(f -> f.ruleId().startsWith("RG-SCAN-RISKY")).extracting(f -> f.ruleId() + " " + f.location())
                .containsExactlyInAnyOrder("RG-SCAN-RISKY-CORE-DUMP WEB-INF/crash/core", "RG-SCAN-RISKY-HEAP-DUMP WEB-INF/crash/app.bin");
    }

    @Test
    void shouldSayWhenATextFileWasOnlyPartlyScanned() throws IOException {
        Path war = tmp.resolve("big.war");
        StringBuilder big = new StringBuilder(ContentScanner.MAX_TEXT_BYTES + 64);
        java.util.Random random = new java.util.Random(1);
        while (big.length() < ContentScanner.MAX_TEXT_BYTES) {
            // random digests: compresses like real data, not like a zip bomb
            big.append("build.digest.").append(big.length()).append('=').append(Long.toHexString(random.nextLong())).append('\n');
        }
        big.append("db.password=Kx9mQ2vLp7wZ\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            put(zip, "WEB-INF/classes/huge.properties", big.toString());
            put(zip, "WEB-INF/classes/small.properties", "db.password=Kx9mQ2vLp7wZ\n");
        }

        GateReport r = scan(war);

        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals(ScanRule.PARTLY_SCANNED.id()))
                .singleElement().satisfies(f -> {
                    assertThat(f.location()).isEqualTo("WEB-INF/classes/huge.properties");
                    assertThat(f.message()).contains("only its first 16 MiB");
                });
        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals(ScanRule.SECRET_PASSWORD.id())).extracting(Finding::location)
                .containsExactly("WEB-INF/classes/small.properties");
    }

    @Test
    void shouldMakeTheScanIncompleteWhenAnArchiveIsNestedTooDeep() throws IOException {
        byte[] inner = zipOf(Map.of("config/.npmrc", "x=1\n"));
        for (int depth = 0; depth < 5; depth++) {
            inner = zipBytes(Map.of("lib/level-" + depth + ".jar", inner));
        }
        Path war = tmp.resolve("deep.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("WEB-INF/lib/outer-1.0.jar"));
            zip.write(inner);
            zip.closeEntry();
        }

        GateReport r = scan(war);

        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals(ScanRule.INCOMPLETE.id())).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.properties()).containsEntry("cause", "RG-INV-DEPTH-LIMIT").containsEntry("incomplete", "true");
            assertThat(f.message()).contains("not examined");
        });
        assertThat(r.findings()).extracting(Finding::ruleId).doesNotContain("RG-INV-DEPTH-LIMIT");

        // the scan's own waiver file accepts the named item, by the scan's id or the walk's
        Path waivers = tmp.resolve("waivers.yml");
        Files.writeString(waivers, "waivers:\n  - advisory: RG-INV-DEPTH-LIMIT\n    component: 'WEB-INF/lib/outer-1.0.jar/**'\n"
                + "    reason: vendored test bundle\n    owner: team-shop\n    expires: 2999-12-31\n");
        GateReport waived = PackageScanner.scan(ScanRequest.builder(war).osv(OSV).dataDir(tmp.resolve("data")).waivers(waivers).build());
        assertThat(waived.findings()).extracting(Finding::ruleId).doesNotContain(ScanRule.INCOMPLETE.id());
        assertThat(waived.summary()).containsEntry("suppressed", 1L);
    }

    private GateReport scan(Path pkg) {
        return PackageScanner.scan(ScanRequest.builder(pkg).osv(OSV).dataDir(tmp.resolve("data")).build());
    }

    /** A minimal 64-bit little-endian ELF header of the given e_type (4 = ET_CORE, 2 = ET_EXEC). */
    private static byte[] elf(int type) {
        byte[] b = new byte[64];
        b[0] = 0x7f;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        b[4] = 2;
        b[5] = 1;
        b[6] = 1;
        b[16] = (byte) type;
        b[18] = 62;
        return b;
    }

    private static byte[] zipOf(Map<String, String> entries) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        entries.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return zipBytes(bytes);
    }

    private static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        put(zip, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
