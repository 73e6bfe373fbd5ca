package io.releasegates.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailableFeedTest {
    static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void shouldReadAptCachePolicyOutput() {
        String apt = """
                openssl:
                  Installed: 3.0.11-1~deb12u2
                  Candidate: 3.0.15-1~deb12u1
                  Version table:
                     3.0.15-1~deb12u1 500
                        500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
                 *** 3.0.11-1~deb12u2 100
                        100 /var/lib/dpkg/status
                libc6:
                  Installed: 2.36-9+deb12u4
                  Candidate: 2.36-9+deb12u9
                  Version table:
                     2.36-9+deb12u9 500
                        500 http://deb.debian.org/debian bookworm/main amd64 Packages
                """;
        List<AvailableVersion> versions = AvailableFeed.parse(apt.getBytes(StandardCharsets.UTF_8), "apt.txt", "debian", NOW);
        assertThat(versions).extracting(v -> v.ref().purl()).contains(
                "pkg:deb/debian/openssl@3.0.15-1~deb12u1", "pkg:deb/debian/openssl@3.0.11-1~deb12u2",
                "pkg:deb/debian/libc6@2.36-9+deb12u9");
        assertThat(versions).allMatch(v -> v.firstSeen().equals(NOW));
    }

    @Test
    void shouldReadMavenMetadataLeavingOutPreReleases() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>org.apache.logging.log4j</groupId>
                  <artifactId>log4j-core</artifactId>
                  <versioning>
                    <latest>2.17.1</latest>
                    <release>2.17.1</release>
                    <versions>
                      <version>2.14.1</version>
                      <version>2.15.0</version>
                      <version>2.17.0-rc1</version>
                      <version>2.17.1</version>
                    </versions>
                    <lastUpdated>20211228163000</lastUpdated>
                  </versioning>
                </metadata>
                """;
        List<AvailableVersion> versions = AvailableFeed.parse(xml.getBytes(StandardCharsets.UTF_8), "m.xml", null, NOW);
        assertThat(versions).extracting(v -> v.ref().version()).containsExactly("2.14.1", "2.15.0", "2.17.1");
        assertThat(versions.get(2).firstSeen()).isEqualTo(Instant.parse("2021-12-28T16:30:00Z"));
        assertThat(versions.get(0).ref().key()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
    }

    @Test
    void shouldRefuseExternalEntitiesInMavenMetadata() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE metadata [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <metadata><groupId>&x;</groupId><artifactId>a</artifactId></metadata>
                """;
        assertThatThrownBy(() -> AvailableFeed.parse(xxe.getBytes(StandardCharsets.UTF_8), "evil.xml", null, NOW))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("evil.xml").hasMessageNotContaining("root:");
    }

    @Test
    void shouldReadCsvWithOptionalDates() {
        String csv = "purl,first_seen\npkg:maven/com.google.guava/guava@33.0.0-jre,2026-01-05\n# comment\npkg:deb/debian/curl@7.88.1-10+deb12u8,\n";
        List<AvailableVersion> versions = AvailableFeed.parse(csv.getBytes(StandardCharsets.UTF_8), "f.csv", null, NOW);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).firstSeen()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(versions.get(1).firstSeen()).isEqualTo(NOW);
        assertThatThrownBy(() -> AvailableFeed.parse("pkg:maven/a/b@1,yesterday\n".getBytes(StandardCharsets.UTF_8), "f.csv", null, NOW))
                .isInstanceOf(BadInputException.class).hasMessageContaining("f.csv: line 1");
    }

    @Test
    void shouldReadApplicationSbomsInJsonAndXmlIncludingNestedComponents() {
        SbomReader.Sbom json = SbomReader.read(FleetFixtures.sources().resolve("app-vulnerable.cdx.json"));
        assertThat(json.packages()).hasSize(13).anyMatch(p -> p.purl().equals("pkg:maven/org.apache.commons/commons-text@1.9"));
        assertThat(json.subjectName()).isEqualTo("sample-vulnerable.war");
        SbomReader.Sbom xml = SbomReader.read(FleetFixtures.sources().resolve("app-fixed.cdx.xml"));
        assertThat(xml.packages()).hasSize(12).anyMatch(p -> p.purl().equals("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"));
        assertThatThrownBy(() -> SbomReader.read("{\"bomFormat\":\"CycloneDX\",".getBytes(StandardCharsets.UTF_8), "cut.json"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("cut.json");
    }
}
