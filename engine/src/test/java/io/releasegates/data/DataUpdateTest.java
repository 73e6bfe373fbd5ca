package io.releasegates.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.fleet.PackageOrigin;
import io.releasegates.report.BadInputException;
import io.releasegates.scan.OsvArchives;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data update}'s OSV side against {@link OsvBucketServer}, with archives of real OSV records. */
class DataUpdateTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** Bounds with room for a busy machine (8 builds on 2 cores), still well short of the defaults. */
    static final Limits QUICK = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
            10L << 20, 1000, 100L << 20);
    /** A one-second idle bound, so that a stalling server costs the test about a second. */
    static final Limits IMPATIENT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60),
            10L << 20, 1000, 100L << 20);

    @TempDir
    Path tmp;
    OsvBucketServer bucket;
    DataDir dir;
    final List<SourceResult> heard = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bucket = new OsvBucketServer();
        dir = new DataDir(tmp.resolve("data"));
    }

    @AfterEach
    void stop() throws Exception {
        bucket.close();
    }

    DataUpdate.Result update(Instant now, String... ecosystems) {
        return update(QUICK, now, ecosystems);
    }

    DataUpdate.Result update(Limits limits, Instant now, String... ecosystems) {
        return DataUpdate.run(new DataUpdate.Request(dir, bucket.baseUrl(), List.of(ecosystems), false, null, null, limits,
                Clock.fixed(now, ZoneOffset.UTC)), heard::add);
    }

    @Test
    void shouldDownloadTheArchiveTheFirstTimeAndKeepItsValidators() throws IOException {
        byte[] zip = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", zip, T0.minusSeconds(3600));

        DataUpdate.Result result = update(T0, "Maven");

        assertThat(result.ok()).isTrue();
        assertThat(result.sources()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("osv/Maven");
            assertThat(r.kind()).isEqualTo(SourceResult.Kind.UPDATED);
            assertThat(r.line()).startsWith("osv/Maven: updated, 20 records, " + zip.length + " bytes, newest ");
        });
        Path archive = tmp.resolve("data/osv/Maven/all.zip");
        assertThat(Files.readAllBytes(archive)).isEqualTo(zip);
        assertThat(OsvArchives.read(archive).records()).isEqualTo(20);
        SourceState state = DataState.read(tmp.resolve("data/state.json")).get("osv/Maven");
        assertThat(state.etag()).isEqualTo("\"gen-1\"");
        assertThat(state.lastModified()).isEqualTo("Tue, 1 Dec 2026 09:00:00 GMT");
        assertThat(state.lastSuccess()).isEqualTo(T0);
        assertThat(state.lastAttempt()).isEqualTo(T0);
        assertThat(state.error()).isNull();
        assertThat(state.records()).isEqualTo(20L);
        assertThat(state.bytes()).isEqualTo((long) zip.length);
        assertThat(state.newest()).isEqualTo(OsvArchives.read(archive).newest()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
        // no validators on a first download: there is nothing a 304 could keep
        assertThat(bucket.seen()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/Maven/all.zip");
            assertThat(s.ifNoneMatch()).isNull();
            assertThat(s.ifModifiedSince()).isNull();
        });
        assertThat(heard).containsExactlyElementsOf(result.sources());
        assertNoTempFiles();
    }

    @Test
    void shouldKeepTheArchiveWhenTheServerAnswersNotModified() throws IOException {
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20), T0.minusSeconds(3600));
        update(T0, "Maven");
        Path archive = tmp.resolve("data/osv/Maven/all.zip");
        var before = Files.getLastModifiedTime(archive);
        Instant later = T0.plus(Duration.ofHours(6));

        DataUpdate.Result result = update(later, "Maven");

        assertThat(result.sources()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(SourceResult.Kind.UNCHANGED);
            assertThat(r.line()).startsWith("osv/Maven: unchanged (not modified on the server), 20 records");
        });
        assertThat(bucket.seen()).hasSize(2);
        assertThat(bucket.seen().get(1).ifNoneMatch()).isEqualTo("\"gen-1\"");
        assertThat(bucket.seen().get(1).ifModifiedSince()).isEqualTo("Tue, 1 Dec 2026 09:00:00 GMT");
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(before);
        SourceState state = DataState.read(dir.stateFile()).get("osv/Maven");
        assertThat(state.lastSuccess()).isEqualTo(later);
        assertThat(state.records()).isEqualTo(20L);
        assertThat(state.etag()).isEqualTo("\"gen-1\"");
    }

    @Test
    void shouldReplaceAChangedArchive() throws IOException {
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20), T0.minusSeconds(3600));
        update(T0, "Maven");
        byte[] changed = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 12);
        bucket.publish("Maven", changed, T0.plusSeconds(60));

        DataUpdate.Result result = update(T0.plusSeconds(120), "Maven");

        assertThat(result.sources()).singleElement().extracting(SourceResult::kind).isEqualTo(SourceResult.Kind.UPDATED);
        assertThat(Files.readAllBytes(dir.osvArchive("Maven"))).isEqualTo(changed);
        SourceState state = DataState.read(dir.stateFile()).get("osv/Maven");
        assertThat(state.etag()).isEqualTo("\"gen-2\"");
        assertThat(state.records()).isEqualTo(12L);
        assertNoTempFiles();
    }

    @Test
    void shouldKeepTheOldArchiveWhenTheNewOneIsTruncated() throws IOException {
        byte[] good = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", good, T0.minusSeconds(3600));
        update(T0, "Maven");
        byte[] full = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 15);
        // served whole, as a server would serve an object that was cut when written
        bucket.publish("Maven", Arrays.copyOf(full, full.length * 2 / 3), T0.plusSeconds(60));

        SourceResult r = update(T0.plusSeconds(120), "Maven").sources().get(0);

        assertFailedKeepingOldData(r, good, "not a zip archive, truncated or corrupt");
    }

    @Test
    void shouldKeepTheOldArchiveWhenTheNewOneIsCorrupt() throws IOException {
        byte[] good = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", good, T0.minusSeconds(3600));
        update(T0, "Maven");
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 15), T0.plusSeconds(60));
        bucket.mode(OsvBucketServer.Mode.CORRUPT);

        SourceResult r = update(T0.plusSeconds(120), "Maven").sources().get(0);

        assertFailedKeepingOldData(r, good, "not a zip archive, truncated or corrupt");
    }

    @Test
    void shouldKeepTheOldArchiveWhenAnEntryIsNotAnOsvRecord() throws IOException {
        byte[] good = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", good, T0.minusSeconds(3600));
        update(T0, "Maven");
        bucket.publish("Maven", OsvArchivesFixture.zipWith(OsvArchivesFixture.MAVEN, 19, "GHSA-xxxx-xxxx-xxxx.json",
                "{\"id\": \"GHSA-xxxx-xxxx-xxxx\", \"affected\": [ {\"package\": "), T0.plusSeconds(60));

        SourceResult r = update(T0.plusSeconds(120), "Maven").sources().get(0);

        assertFailedKeepingOldData(r, good, bucket.baseUrl() + "/Maven/all.zip!GHSA-xxxx-xxxx-xxxx.json: not valid OSV JSON");
    }

    @Test
    void shouldKeepTheOldArchiveWhenAnEntryFailsItsCrcThoughItStillParses() throws Exception {
        byte[] good = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", good, T0.minusSeconds(3600));
        update(T0, "Maven");
        // one stored (uncompressed) record with a letter of its summary changed after the CRC was written: still a
        // readable zip and still valid OSV JSON, so only the CRC tells
        Path record = OsvArchivesFixture.records(OsvArchivesFixture.MAVEN).get(0);
        byte[] json = Files.readAllBytes(record);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(record.getFileName().toString());
            entry.setMethod(java.util.zip.ZipEntry.STORED);
            entry.setSize(json.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(json);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(json);
            zip.closeEntry();
        }
        byte[] tampered = bytes.toByteArray();
        String text = new String(tampered, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"summary\"") + "\"summary\": \"".length() + 1;
        assertThat(at).isGreaterThan(20);
        tampered[at] = (byte) (tampered[at] == 'x' ? 'y' : 'x');
        bucket.publish("Maven", tampered, T0.plusSeconds(60));

        SourceResult r = update(T0.plusSeconds(120), "Maven").sources().get(0);

        assertFailedKeepingOldData(r, good, "!" + record.getFileName() + ": corrupt entry (length or CRC-32 does not match)");
    }

    @Test
    void shouldKeepTheOldArchiveWhenTheConnectionIsCutMidBody() throws IOException {
        byte[] good = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", good, T0.minusSeconds(3600));
        update(T0, "Maven");
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 15), T0.plusSeconds(60));
        bucket.mode(OsvBucketServer.Mode.CUT);

        SourceResult r = update(T0.plusSeconds(120), "Maven").sources().get(0);

        assertFailedKeepingOldData(r, good, "download failed");
    }

    @Test
    void shouldGiveUpOnAStallingServerWithinTheIdleTimeout() throws IOException {
        byte[] good = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", good, T0.minusSeconds(3600));
        update(T0, "Maven");
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 15), T0.plusSeconds(60));
        bucket.mode(OsvBucketServer.Mode.STALL);

        long started = System.nanoTime();
        SourceResult r = update(IMPATIENT, T0.plusSeconds(120), "Maven").sources().get(0);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertFailedKeepingOldData(r, good, "the server stopped sending (nothing for 1 s)");
        assertThat(took).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void shouldReportAServerErrorAndKeepTheOldData() throws IOException {
        byte[] good = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", good, T0.minusSeconds(3600));
        update(T0, "Maven");
        bucket.mode(OsvBucketServer.Mode.SERVER_ERROR);

        DataUpdate.Result result = update(T0.plusSeconds(120), "Maven");

        assertThat(result.ok()).isFalse();
        assertFailedKeepingOldData(result.sources().get(0), good, bucket.baseUrl() + "/Maven/all.zip: HTTP 500");
    }

    @Test
    void shouldUpdateTheOtherEcosystemsWhenOneFails() throws IOException {
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20), T0);

        DataUpdate.Result result = update(T0, "Debian:11", "Maven");

        assertThat(result.ok()).isFalse();
        assertThat(result.sources()).extracting(SourceResult::source, SourceResult::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("osv/Debian:11", SourceResult.Kind.FAILED),
                org.assertj.core.groups.Tuple.tuple("osv/Maven", SourceResult.Kind.UPDATED));
        assertThat(result.sources().get(0).line()).isEqualTo("osv/Debian:11: FAILED: " + bucket.baseUrl()
                + "/Debian:11/all.zip: HTTP 404 Not Found; no data yet");
        assertThat(Files.exists(dir.osvArchive("Debian:11"))).isFalse();
        assertThat(DataState.read(dir.stateFile()).get("osv/Debian:11").error()).contains("HTTP 404");
        assertThat(Files.isRegularFile(dir.osvArchive("Maven"))).isTrue();
    }

    @Test
    void shouldKeepAnEcosystemWithAColonInItsNameInItsOwnFolder() throws IOException {
        byte[] debian = OsvArchivesFixture.zip(OsvArchivesFixture.DEBIAN, 4);
        bucket.publish("Debian:12", debian, T0);

        DataUpdate.Result result = update(T0, "Debian:12");

        assertThat(result.ok()).isTrue();
        assertThat(bucket.seen()).singleElement().extracting(OsvBucketServer.Seen::path).isEqualTo("/Debian:12/all.zip");
        Path archive = tmp.resolve("data").resolve("osv").resolve("Debian:12").resolve("all.zip");
        assertThat(Files.readAllBytes(archive)).isEqualTo(debian);
        assertThat(DataState.read(dir.stateFile()).sources()).containsOnlyKeys("osv/Debian:12");
        assertThat(DataState.read(dir.stateFile()).get("osv/Debian:12").records()).isEqualTo(4L);
    }

    @Test
    void shouldRefuseAnArchiveWithMoreEntriesThanTheLimit() throws IOException {
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20), T0);
        Limits few = new Limits(QUICK.connectTimeout(), QUICK.idleTimeout(), QUICK.totalTimeout(), QUICK.maxBytes(), 10,
                QUICK.maxUncompressed());

        DataUpdate.Result result = DataUpdate.run(new DataUpdate.Request(dir, bucket.baseUrl(), List.of("Maven"), false,
                null, null, few, Clock.fixed(T0, ZoneOffset.UTC)), r -> { });

        assertThat(result.sources().get(0).state().error()).contains("more than 10 entries in the archive");
        assertThat(Files.exists(dir.osvArchive("Maven"))).isFalse();
        assertNoTempFiles();
    }

    @Test
    void shouldRefuseAnArchiveLargerThanTheLimitWhileDownloading() throws IOException {
        byte[] zip = OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20);
        bucket.publish("Maven", zip, T0);
        Limits small = new Limits(QUICK.connectTimeout(), QUICK.idleTimeout(), QUICK.totalTimeout(), zip.length - 1,
                QUICK.maxEntries(), QUICK.maxUncompressed());

        DataUpdate.Result result = DataUpdate.run(new DataUpdate.Request(dir, bucket.baseUrl(), List.of("Maven"), false,
                null, null, small, Clock.fixed(T0, ZoneOffset.UTC)), r -> { });

        assertThat(result.sources().get(0).state().error()).contains("the archive is " + zip.length
                + " bytes, more than the limit of " + (zip.length - 1));
        assertThat(Files.exists(dir.osvArchive("Maven"))).isFalse();
    }

    @Test
    void shouldAllowOneUpdateOfADataDirAtATime() throws IOException {
        Files.createDirectories(dir.root());
        try (FileChannel channel = FileChannel.open(dir.root().resolve("update.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThatThrownBy(() -> update(T0, "Maven")).isInstanceOf(BadInputException.class)
                    .hasMessage(dir.root() + ": another data update is running on this data dir");
        }
        assertThat(bucket.seen()).isEmpty();
    }

    @Test
    void shouldRefuseEcosystemNamesThatCouldLeaveTheDataDir() {
        for (String bad : List.of("../etc", "Maven/..", "a/b", ".hidden", "", "x\\y")) {
            assertThatThrownBy(() -> DataDir.ecosystem(bad)).as(bad).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("not an osv.dev ecosystem name");
        }
        assertThat(DataDir.ecosystem("Ubuntu:22.04:LTS")).isEqualTo("Ubuntu:22.04:LTS");
        assertThat(DataDir.ecosystem("crates.io")).isEqualTo("crates.io");
    }

    @Test
    void shouldNameTheSettingsByKeyForTheCliToPrintAsFlags() {
        assertThatThrownBy(() -> DataDir.ecosystem("../x")).isInstanceOf(BadInputException.class)
                .hasMessage("ecosystem '../x': not an osv.dev ecosystem name (e.g. Maven, Debian:12)")
                .satisfies(e -> assertThat(((BadInputException) e).message(k -> "--" + k))
                        .startsWith("--ecosystem '../x': "));
        assertThatThrownBy(() -> OsvSource.baseUrl("ftp://mirror.example.org")).isInstanceOf(BadInputException.class)
                .hasMessage("osv-base-url 'ftp://mirror.example.org': not an http or https URL with a host");
        assertThatThrownBy(() -> OsvSource.baseUrl("https://u:p@mirror.example.org")).isInstanceOf(BadInputException.class)
                .hasMessage("osv-base-url: credentials in the URL are not supported");
        assertThatThrownBy(() -> OsvSource.baseUrl("http://[x")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("osv-base-url 'http://[x': not a URL (").hasCauseInstanceOf(java.net.URISyntaxException.class);
        assertThatThrownBy(() -> DataUpdate.run(new DataUpdate.Request(dir, null, List.of(), false, null, null, null, null),
                r -> { })).isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).message(k -> "--" + k))
                        .isEqualTo("nothing to update: no --ecosystem and --no-nvd"));
    }

    @Test
    void shouldTakeTheDebianReleasesTheFleetReports() {
        List<PackageOrigin> origins = List.of(
                new PackageOrigin("pkg:deb/debian/openssl", "3.0.11-1~deb12u2", "bookworm", "openssl", "3.0.11-1~deb12u2"),
                new PackageOrigin("pkg:deb/debian/bash", "5.1-2", "debian-11", "bash", "5.1-2"),
                new PackageOrigin("pkg:deb/debian/zlib1g", "1:1.2.13.dfsg-1", "12", "zlib", "1:1.2.13.dfsg-1"),
                new PackageOrigin("pkg:deb/debian/curl", "8.0", "sid-unknown", "curl", "8.0"));

        assertThat(DataUpdate.fleetEcosystems(origins.stream().map(PackageOrigin::distro).toList())).containsExactly("Maven", "Debian:11", "Debian:12");
        assertThat(DataUpdate.fleetEcosystems(List.of())).containsExactly("Maven");
    }

    private void assertFailedKeepingOldData(SourceResult r, byte[] oldArchive, String reason) throws IOException {
        assertThat(r.kind()).isEqualTo(SourceResult.Kind.FAILED);
        assertThat(r.state().error()).contains(reason).endsWith("; old data kept").doesNotContain("\n");
        assertThat(Files.readAllBytes(dir.osvArchive("Maven"))).isEqualTo(oldArchive);
        SourceState state = DataState.read(dir.stateFile()).get("osv/Maven");
        assertThat(state.etag()).isEqualTo("\"gen-1\"");
        assertThat(state.records()).isEqualTo(20L);
        assertThat(state.lastSuccess()).isEqualTo(T0);
        assertThat(state.lastAttempt()).isAfter(T0);
        assertThat(state.error()).isEqualTo(r.state().error());
        assertNoTempFiles();
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.root())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
