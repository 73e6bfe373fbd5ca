package io.releasegates.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names inside a snapshot must line up with manifest names however the backup was started. */
class ResticPathsTest {
    @Test
    void shouldNameFilesRelativeToTheBackedUpFolder() {
        List<String> roots = List.of("/srv/backup/orders");

        assertThat(ResticInspector.relativeName("/srv/backup/orders/db.dump", roots)).isEqualTo("db.dump");
        assertThat(ResticInspector.relativeName("/orders/sub/db.dump", roots)).isEqualTo("sub/db.dump");
        assertThat(ResticInspector.relativeName("/db.dump", List.of("/srv/backup/orders/"))).isEqualTo("db.dump");
        assertThat(ResticInspector.relativeName("/other/db.dump", List.of("/a", "/x/other"))).isEqualTo("db.dump");
    }
}
