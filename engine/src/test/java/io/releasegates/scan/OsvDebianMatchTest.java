package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Finding;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OSV's Debian advisories (source packages per release) matched against installed binary package versions. */
class OsvDebianMatchTest {
    private static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtureSources", "../test-fixtures"))
            .resolve("advisories");
    private static final Path DEBIAN = ADVISORIES.resolve("osv-debian");
    private static final String LIBSSL3 = "pkg:deb/debian/libssl3@3.0.11-1~deb12u1";
    private static final String ZLIB = "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1";
    private static final String CURL = "pkg:deb/debian/libcurl4@7.88.1-10+deb12u14";
    private static final String DATABIND = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.2.1";

    private static DebianOrigin origin(String distro, String source) {
        return new DebianOrigin(distro, source, "");
    }

    private static List<Finding> about(GateReport r, String purl) {
        return r.findings().stream().filter(f -> purl.equals(f.subject())).toList();
    }

    private static List<String> advisories(GateReport r, String purl) {
        return about(r, purl).stream().map(Finding::ruleId).filter(id -> !id.equals(ScanRule.UNMATCHED.id())).toList();
    }

    private static boolean unmatched(GateReport r, String purl) {
        return about(r, purl).stream().anyMatch(f -> f.ruleId().equals(ScanRule.UNMATCHED.id()));
    }

    @Test
    void shouldMatchABinaryPackageThroughItsSourcePackage() {
        GateReport r = OsvVersionScan.scan(DEBIAN, List.of(LIBSSL3, CURL),
                Map.of(LIBSSL3, List.of(origin("bookworm", "openssl")), CURL, List.of(origin("bookworm", "curl"))));
        // 3.0.11-1~deb12u1 sorts before the fix 3.0.11-1~deb12u2 ('~' as dpkg orders it)
        assertThat(advisories(r, LIBSSL3)).containsExactly("CVE-2023-5363");
        Finding f = about(r, LIBSSL3).get(0);
        assertThat(f.properties()).containsEntry("fixedIn", "3.0.11-1~deb12u2").containsEntry("aliases", "DSA-5532-1")
                .containsEntry("matcher", "osv-debian");
        // curl's source is named by the data and the host runs a later version than the fix: checked, none known
        assertThat(about(r, CURL)).isEmpty();
        assertThat(r.subjects()).contains(LIBSSL3, CURL);
        assertThat(r.summary()).containsEntry("components", 2L).containsEntry("unmatched", 0L);
    }

    @Test
    void shouldNotMatchABinaryPackageByItsOwnNameWhenItsSourceDiffers() {
        GateReport r = OsvVersionScan.scan(DEBIAN, List.of(LIBSSL3), Map.of(LIBSSL3, List.of(origin("bookworm", ""))));
        // no source recorded: the binary name libssl3, which no advisory names: not known to be clean
        assertThat(advisories(r, LIBSSL3)).isEmpty();
        assertThat(unmatched(r, LIBSSL3)).isTrue();
    }

    @Test
    void shouldJudgeTheSameVersionStringPerRelease() {
        // Debian 12 fixed zlib in exactly this version (epoch 1:); Debian 11 has not fixed it
        GateReport bookworm = OsvVersionScan.scan(DEBIAN, List.of(ZLIB), Map.of(ZLIB, List.of(origin("debian-12", "zlib"))));
        assertThat(about(bookworm, ZLIB)).isEmpty();
        assertThat(bookworm.subjects()).contains(ZLIB);
        GateReport bullseye = OsvVersionScan.scan(DEBIAN, List.of(ZLIB), Map.of(ZLIB, List.of(origin("bullseye", "zlib"))));
        assertThat(advisories(bullseye, ZLIB)).containsExactly("DEBIAN-CVE-2023-45853");
        assertThat(about(bullseye, ZLIB).get(0).severity().name()).isEqualTo("CRITICAL");
        // reported from both releases: the store keeps one fact per version, so it is affected if affected on any
        GateReport both = OsvVersionScan.scan(DEBIAN, List.of(ZLIB),
                Map.of(ZLIB, List.of(origin("bookworm", "zlib"), origin("bullseye", "zlib"))));
        assertThat(advisories(both, ZLIB)).containsExactly("DEBIAN-CVE-2023-45853");
        assertThat(unmatched(both, ZLIB)).isFalse();
    }

    @Test
    void shouldReportVersionsWhoseReleaseOrSourceCannotBeToldAsUnmatched() {
        String unknown = "pkg:deb/debian/libssl3@3.0.9-1";
        String sid = "pkg:deb/debian/openssl@3.0.9-1";
        String ubuntu = "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.10";
        GateReport r = OsvVersionScan.scan(DEBIAN, List.of(unknown, sid, ubuntu),
                Map.of(sid, List.of(origin("sid", "openssl"))));
        assertThat(unmatched(r, unknown)).isTrue();
        assertThat(about(r, unknown).get(0).message()).contains("no Debian release or source package reported");
        assertThat(unmatched(r, sid)).isTrue();
        assertThat(about(r, sid).get(0).message()).contains("Debian release 'sid' unknown");
        // Ubuntu's packages are not Debian's: OSV's Debian data says nothing about them, so they are left out
        assertThat(r.subjects()).containsExactlyInAnyOrder(unknown, sid);
        // a release the data covers but not this source package: not known to be clean either
        String php = "pkg:deb/debian/php8.2-cli@8.2.7-1~deb12u1";
        GateReport bullseyePhp = OsvVersionScan.scan(DEBIAN, List.of(php), Map.of(php, List.of(origin("bullseye", "php8.2"))));
        assertThat(unmatched(bullseyePhp, php)).isTrue();
    }

    @Test
    void shouldUseTheSourceVersionWhenDpkgNamesOne() {
        // a binNMU: binary 1.2.13.dfsg-1+b1 built from source 1:1.2.13.dfsg-1; the advisory's ranges are source versions
        String binnmu = "pkg:deb/debian/zlib1g@1.2.13.dfsg-1+b1";
        GateReport r = OsvVersionScan.scan(DEBIAN, List.of(binnmu),
                Map.of(binnmu, List.of(new DebianOrigin("bookworm", "zlib", "1:1.2.13.dfsg-1"))));
        assertThat(about(r, binnmu)).isEmpty();
        GateReport withoutSourceVersion = OsvVersionScan.scan(DEBIAN, List.of(binnmu),
                Map.of(binnmu, List.of(origin("bookworm", "zlib"))));
        assertThat(advisories(withoutSourceVersion, binnmu)).containsExactly("DEBIAN-CVE-2023-45853");
    }

    @Test
    void shouldOrderDebianRangesLikeDpkg() {
        var tilde = new OsvAdvisory.Affected("Debian:12", "foo", List.of(List.of(
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.INTRODUCED, "0"),
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.FIXED, "1.0"))), Set.of());
        assertThat(tilde.affects("1.0~rc1")).isTrue();
        assertThat(tilde.affects("1.0")).isFalse();
        assertThat(tilde.affects("1.0+deb12u1")).isFalse();
        var epoch = new OsvAdvisory.Affected("Debian:12", "foo", List.of(List.of(
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.INTRODUCED, "0"),
                new OsvAdvisory.Event(OsvAdvisory.Event.Kind.FIXED, "1:1.0-1"))), Set.of());
        // without an epoch 9.9 is still epoch 0, below 1:1.0-1
        assertThat(epoch.affects("9.9-1")).isTrue();
        assertThat(epoch.affects("1:1.0-1")).isFalse();
        assertThat(epoch.affects("1:0.9-5")).isTrue();
    }

    @Test
    void shouldMapReleaseNamesToOsvReleaseNumbers() {
        assertThat(DebianMatcher.release("bookworm")).contains(12);
        assertThat(DebianMatcher.release("buster")).contains(10);
        assertThat(DebianMatcher.release("trixie")).contains(13);
        assertThat(DebianMatcher.release("forky")).contains(14);
        assertThat(DebianMatcher.release("debian-11")).contains(11);
        assertThat(DebianMatcher.release("12")).contains(12);
        assertThat(DebianMatcher.release("sid")).isEmpty();
        assertThat(DebianMatcher.release("jammy")).isEmpty();
        assertThat(DebianMatcher.release("")).isEmpty();
    }

    @Test
    void shouldLeaveMavenResultsUnchanged(@TempDir Path dir) throws IOException {
        Path maven = ADVISORIES.resolve("osv");
        List<String> purls = List.of(DATABIND, "pkg:maven/org.postgresql/postgresql@42.3.3", "pkg:maven/org.acme/unknown@1.0");
        GateReport before = OsvVersionScan.scan(maven, purls);
        GateReport after = OsvVersionScan.scan(maven, purls, Map.of());
        assertThat(after).isEqualTo(before);
        assertThat(advisories(before, DATABIND)).contains("CVE-2022-42003");
        // Debian records beside the Maven ones change nothing for Maven versions
        Path both = dir.resolve("osv");
        Files.createDirectories(both);
        for (Path source : List.of(maven, DEBIAN)) {
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.toList()) {
                    Files.copy(f, both.resolve(f.getFileName()));
                }
            }
        }
        List<String> withDebian = Stream.concat(purls.stream(), Stream.of(LIBSSL3)).toList();
        GateReport mixed = OsvVersionScan.scan(both, withDebian, Map.of(LIBSSL3, List.of(origin("bookworm", "openssl"))));
        assertThat(mixed.findings().stream().filter(f -> !f.subject().startsWith("pkg:deb/")).toList())
                .isEqualTo(before.findings());
        assertThat(advisories(mixed, LIBSSL3)).containsExactly("CVE-2023-5363");
    }
}
