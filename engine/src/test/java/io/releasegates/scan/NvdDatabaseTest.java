package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.owasp.dependencycheck.data.nvdcve.CveDB;
import org.owasp.dependencycheck.data.nvdcve.DatabaseManager;
import org.owasp.dependencycheck.dependency.Vulnerability;
import org.owasp.dependencycheck.utils.Settings;

/**
 * Our direct, read-only reading of Dependency-Check's H2 database, held to account by Dependency-Check's own
 * database layer on the same file.
 */
class NvdDatabaseTest {
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources"), "advisories");

    @TempDir
    static Path shared;
    static Path dataDir;
    static Path feed;

    @BeforeAll
    static void importTheSampleFeed() {
        dataDir = shared.resolve("data");
        feed = shared.resolve("feed");
        NvdFeedLayout.write(ADVISORIES.resolve("nvd"), feed);
        NvdDatabase.open(dataDir, feed.toString(), null, null).close();
    }

    @Test
    void shouldUseDependencyChecksOwnFileNameCredentialsAndSchemaVersion() {
        assertThat(DependencyCheckEngine.defaultSetting(Settings.KEYS.DB_FILE_NAME)).isEqualTo(NvdDatabase.DB_FILE);
        assertThat(DependencyCheckEngine.defaultSetting(Settings.KEYS.DB_USER)).isEqualTo(NvdDatabase.DB_USER);
        assertThat(DependencyCheckEngine.defaultSetting(Settings.KEYS.DB_PASSWORD)).isEqualTo(NvdDatabase.DB_PASSWORD);
        assertThat(DependencyCheckEngine.defaultSetting(Settings.KEYS.DB_VERSION)).isEqualTo(NvdDatabase.SCHEMA_VERSION);
    }

    @Test
    void shouldReadEveryCveAsDependencyChecksDatabaseLayerDoes() throws Exception {
        Settings settings = new Settings();
        settings.setString(Settings.KEYS.DATA_DIRECTORY, dataDir.toString());
        settings.setString(Settings.KEYS.H2_DATA_DIRECTORY, dataDir.toString());
        settings.setBoolean(Settings.KEYS.AUTO_UPDATE, false);
        List<String> cves = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        try (CveDB dc = new CveDB(settings)) {
            dc.open();
            DatabaseManager manager = new DatabaseManager(settings);
            manager.open();
            try (Connection c = manager.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT cve FROM vulnerability")) {
                while (rs.next()) {
                    cves.add(rs.getString(1));
                }
            } finally {
                manager.close();
            }
            for (String cve : cves) {
                Vulnerability v = dc.getVulnerability(cve);
                theirs.add(cve + " " + v.getDescription().lines().findFirst().orElse("") + " "
                        + DcAnalysis.cvss(v).map(Cvss3::vector).orElse("-"));
            }
        } finally {
            settings.cleanup(true);
        }
        List<String> ours = new ArrayList<>();
        try (NvdDatabase db = NvdDatabase.open(dataDir, null, null, null)) {
            for (String cve : cves) {
                NvdDatabase.Advisory a = db.advisory(cve).orElseThrow();
                ours.add(cve + " " + a.summary() + " " + a.cvss().map(Cvss3::vector).orElse("-"));
            }
            assertThat(db.advisory("CVE-1999-0000")).isEmpty();
        }

        assertThat(cves).hasSizeGreaterThan(10);
        assertThat(ours).isEqualTo(theirs).anyMatch(s -> s.contains("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
    }

    @Test
    void shouldLeaveTheDatabaseFileUntouchedWhenTheFeedIsUnchanged() throws Exception {
        Path file = dataDir.resolve(NvdDatabase.DB_FILE);
        String before = Digests.sha256(file);
        FileTime modified = Files.getLastModifiedTime(file);

        try (NvdDatabase db = NvdDatabase.open(dataDir, feed.toString(), null, null)) {
            assertThat(db.knows("apache", "log4j")).isTrue();
            assertThat(db.rules("apache", "log4j")).extracting(CpeRule::cve).contains("CVE-2021-44832");
            assertThat(db.dataAsOf()).isPresent();
        }

        assertThat(Digests.sha256(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    }

    @Test
    void shouldRefuseACorruptDatabaseFileNamingIt() throws Exception {
        Path broken = Files.createDirectories(shared.resolve("broken"));
        Files.writeString(broken.resolve(NvdDatabase.DB_FILE), "H:2,block:2,blockSize:1000,chunk:0,created:0,format:2,"
                + " this is not an H2 database\n".repeat(200));

        assertThatThrownBy(() -> NvdDatabase.open(broken, null, null, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining(NvdDatabase.DB_FILE)
                .hasMessageContaining("unreadable");
    }

    @Test
    void shouldRefuseADatabaseOfAnotherSchemaWithoutDataToRebuildIt() throws Exception {
        Path other = Files.createDirectories(shared.resolve("other-schema"));
        Files.copy(dataDir.resolve(NvdDatabase.DB_FILE), other.resolve(NvdDatabase.DB_FILE));
        String url = "jdbc:h2:file:" + other.resolve("odc") + ";IFEXISTS=TRUE";
        try (Connection c = java.sql.DriverManager.getConnection(url, NvdDatabase.DB_USER, NvdDatabase.DB_PASSWORD)) {
            c.createStatement().executeUpdate("UPDATE properties SET `value` = '4.2' WHERE id = 'version'");
        }

        assertThatThrownBy(() -> NvdDatabase.open(other, null, null, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("schema '4.2'");
    }

    @Test
    void shouldScoreTheVectorFromDependencyChecksColumns() {
        assertThat(NvdDatabase.cvss(new String[] {"3.1", "ADJACENT_NETWORK", "HIGH", "LOW", "REQUIRED", "CHANGED", "NONE",
                "LOW", "HIGH"})).map(Cvss3::vector).contains("CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:N/I:L/A:H");
        assertThat(NvdDatabase.cvss(new String[] {null, null, null, null, null, null, null, null, null})).isEqualTo(Optional.empty());
    }
}
