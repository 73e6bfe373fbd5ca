package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing or corrupt vulnerability data is an error naming the file, never a clean result. */
class ScanDataErrorsTest {
    static final Path FIXTURES = Path.of(System.getProperty("releasegates.fixtures"));
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");
    static final Path WAR = FIXTURES.resolve("sample-vulnerable.war");

    @TempDir
    Path tmp;

    @Test
    void shouldRefuseToScanWithoutAnyVulnerabilityData() {
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).dataDir(tmp.resolve("empty")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no vulnerability data")
                // the settings by key (check.yml's names); the CLI names them as its flags
                .hasMessageContaining("give nvd-datafeed URL|DIR, osv DIR|ZIP or a data-dir holding")
                .satisfies(e -> assertThat(((BadInputException) e).message(key -> "--" + key))
                        .contains("give --nvd-datafeed URL|DIR, --osv DIR|ZIP or a --data-dir holding"));
    }

    @Test
    void shouldRefuseAMissingDataFeedFolder() {
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).nvdDatafeed(tmp.resolve("nope").toString())
                .dataDir(tmp.resolve("data")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope").hasMessageContaining("not found");
    }

    @Test
    void shouldRefuseAFeedFolderWithoutCacheProperties() throws Exception {
        Path feed = Files.createDirectories(tmp.resolve("feed"));
        Files.writeString(feed.resolve("nvdcve-2022.json.gz"), "x");
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).nvdDatafeed(feed.toString())
                .dataDir(tmp.resolve("data")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cache.properties");
    }

    @Test
    void shouldRefuseACorruptFeedFile() throws Exception {
        Path feed = tmp.resolve("feed");
        NvdFeedLayout.write(ADVISORIES.resolve("nvd"), feed);
        Files.write(feed.resolve("nvdcve-2022.json.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).nvdDatafeed(feed.toString())
                .dataDir(tmp.resolve("data")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(feed.toString());
    }

    @Test
    void shouldRefuseAFeedWhoseJsonIsNotNvd() throws Exception {
        Path feed = tmp.resolve("feed");
        NvdFeedLayout.write(ADVISORIES.resolve("nvd"), feed);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(feed.resolve("nvdcve-2021.json.gz")))) {
            out.write("{\"vulnerabilities\": [ {\"cve\": ".getBytes());
        }
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).nvdDatafeed(feed.toString())
                .dataDir(tmp.resolve("data")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(feed.toString());
    }

    @Test
    void shouldRefuseCorruptOsvRecordsNamingTheFile() throws Exception {
        Path osv = Files.createDirectories(tmp.resolve("osv"));
        Files.copy(ADVISORIES.resolve("osv/GHSA-mjmj-j48q-9wg2.json"), osv.resolve("good.json"));
        Files.writeString(osv.resolve("bad.json"), "{\"id\": \"GHSA-x\", \"affected\": [");
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).osv(osv).dataDir(tmp.resolve("data")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("bad.json");
    }

    @Test
    void shouldRefuseAnEmptyOsvFolder() throws Exception {
        Path osv = Files.createDirectories(tmp.resolve("osv"));
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).osv(osv).dataDir(tmp.resolve("data")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no OSV advisories");
    }

    @Test
    void shouldRefuseAnUnreadablePackage() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.war"), "not a zip");
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(junk).osv(ADVISORIES.resolve("osv"))
                .dataDir(tmp.resolve("data")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("junk.war");
    }

    @Test
    void shouldRefuseAnUnreadablePackageWhileTheNvdDataIsImportedAlongside() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.war"), "not a zip");
        Path data = tmp.resolve("data");
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(junk).nvdRecords(ADVISORIES.resolve("nvd"))
                .dataDir(data).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("junk.war");
        // the import on the other thread was finished and its database closed: the next scan reuses it
        assertThat(data.resolve(NvdDatabase.DB_FILE)).isRegularFile();
        try (NvdDatabase db = NvdDatabase.open(data, null, null, null)) {
            assertThat(db.knows("apache", "log4j")).isTrue();
        }
    }

    @Test
    void shouldRefuseACorruptDatabaseInTheDataDir() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve(NvdDatabase.DB_FILE), "not an H2 file\n".repeat(500));
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).dataDir(data).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(data.resolve(NvdDatabase.DB_FILE).toString());
    }

    @Test
    void shouldLayOutEveryYearAndTheModifiedFileDependencyCheckNeeds() {
        Path feed = tmp.resolve("feed");
        NvdFeedLayout.write(ADVISORIES.resolve("nvd"), feed);
        assertThat(feed.resolve("nvdcve-2002.json.gz")).isRegularFile();
        assertThat(feed.resolve("nvdcve-2022.json.gz")).isRegularFile();
        assertThat(feed.resolve("nvdcve-modified.json.gz")).isRegularFile();
        assertThat(feed.resolve("cache.properties")).content().contains("lastModifiedDate.2022=", "lastModifiedDate.modified=");
    }
}
