package io.releasegates.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data status}: ages from the last confirmed success, counts, errors and the --max-age verdict. */
class DataStatusTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path tmp;
    OsvBucketServer bucket;
    DataDir dir;

    @BeforeEach
    void start() throws Exception {
        bucket = new OsvBucketServer();
        dir = new DataDir(tmp.resolve("data"));
        bucket.publish("Maven", OsvArchivesFixture.zip(OsvArchivesFixture.MAVEN, 20), T0);
        bucket.publish("Debian:12", OsvArchivesFixture.zip(OsvArchivesFixture.DEBIAN, 4), T0);
    }

    @AfterEach
    void stop() throws Exception {
        bucket.close();
    }

    void update(Instant now, String... ecosystems) {
        DataUpdate.run(new DataUpdate.Request(dir, bucket.baseUrl(), List.of(ecosystems), false, null, null,
                DataUpdateTest.QUICK, Clock.fixed(now, ZoneOffset.UTC)), r -> { });
    }

    @Test
    void shouldCountTheAgeFromTheLastConfirmedSuccess() {
        update(T0, "Maven", "Debian:12");
        // a 304 for Maven six hours later: the data is current again
        update(T0.plus(Duration.ofHours(6)), "Maven");
        Instant now = T0.plus(Duration.ofHours(9));

        List<DataStatus.Source> status = DataStatus.of(dir, Duration.ofHours(8), now);

        assertThat(status).extracting(DataStatus.Source::source).containsExactly("osv/Debian:12", "osv/Maven");
        DataStatus.Source debian = status.get(0);
        assertThat(debian.age()).isEqualTo(Duration.ofHours(9));
        assertThat(debian.records()).isEqualTo(4L);
        assertThat(debian.stale()).isTrue();
        assertThat(debian.line(Duration.ofHours(8))).isEqualTo("osv/Debian:12: 9h old, 4 records, newest "
                + debian.newest() + "; STALE (older than 8h)");
        DataStatus.Source maven = status.get(1);
        assertThat(maven.age()).isEqualTo(Duration.ofHours(3));
        assertThat(maven.records()).isEqualTo(20L);
        assertThat(maven.stale()).isFalse();
        assertThat(maven.line(Duration.ofHours(8))).startsWith("osv/Maven: 3h old, 20 records, newest ").doesNotContain("STALE");
        assertThat(DataStatus.of(dir, null, now)).noneMatch(DataStatus.Source::stale);
        assertThat(DataStatus.of(dir, Duration.ofDays(1), now)).noneMatch(DataStatus.Source::stale);
    }

    @Test
    void shouldShowTheLastErrorNextToTheDataKept() {
        update(T0, "Maven");
        bucket.mode(OsvBucketServer.Mode.SERVER_ERROR);
        update(T0.plus(Duration.ofHours(1)), "Maven");

        DataStatus.Source maven = DataStatus.of(dir, Duration.ofHours(2), T0.plus(Duration.ofHours(90).dividedBy(60))).get(0);

        assertThat(maven.present()).isTrue();
        assertThat(maven.age()).isEqualTo(Duration.ofMinutes(90));
        assertThat(maven.records()).isEqualTo(20L);
        assertThat(maven.lastAttempt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(maven.lastError()).isEqualTo(bucket.baseUrl() + "/Maven/all.zip: HTTP 500 Server Error; old data kept");
        assertThat(maven.stale()).isFalse();
        assertThat(maven.line(Duration.ofHours(2))).contains("; last update failed at 2026-12-01T11:00:00Z: ");
    }

    @Test
    void shouldCallAMissingArchiveStaleAndListArchivesNoUpdateRecorded() throws Exception {
        update(T0, "Maven");
        Files.delete(dir.osvArchive("Maven"));
        Path copied = dir.osvDir().resolve("Debian:11").resolve("all.zip");
        Files.createDirectories(copied.getParent());
        Files.write(copied, OsvArchivesFixture.zip(OsvArchivesFixture.DEBIAN, 2));
        Files.setLastModifiedTime(copied, java.nio.file.attribute.FileTime.from(T0.minus(Duration.ofDays(3))));

        List<DataStatus.Source> status = DataStatus.of(dir, Duration.ofDays(2), T0);

        assertThat(status).extracting(DataStatus.Source::source).containsExactly("osv/Debian:11", "osv/Maven");
        assertThat(status.get(0).age()).isEqualTo(Duration.ofDays(3));
        assertThat(status.get(0).records()).isNull();
        assertThat(status.get(0).stale()).isTrue();
        assertThat(status.get(1).present()).isFalse();
        assertThat(status.get(1).stale()).isTrue();
        assertThat(status.get(1).line(Duration.ofDays(2))).isEqualTo("osv/Maven: no data; STALE (no known age)");
    }

    @Test
    void shouldListNothingForAnEmptyDataDir() {
        assertThat(DataStatus.of(dir, Duration.ofDays(1), T0)).isEmpty();
    }
}
