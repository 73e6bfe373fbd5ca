package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.integrity.watch.FileAlert;
import io.releasegates.integrity.watch.FileChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** File-change alerts in the store, run once per backend (H2 file, real PostgreSQL) by the subclasses. */
abstract class FileAlertStoreContract extends OpenStoreContract {
    private static FileAlert alert(String host, String path, FileChange change, String state, String sha, int minute) {
        return new FileAlert(Instant.parse("2026-12-06T10:00:00Z").plusSeconds(60L * minute), host, "/etc", path, change,
                state, "high", change.rule().id(), null, sha, path + " " + change.label());
    }

    @Test
    void shouldKeepOneOpenAlertPerPathAndChangeUntilResolved() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        assertThat(store.recordAlerts(List.of(alert("web-1", "nginx.conf", FileChange.MODIFIED, "open", a, 0),
                alert("web-1", "nginx.conf", FileChange.MODE, "open", null, 0),
                alert("web-2", "sudoers", FileChange.ADDED, "open", b, 1)))).isEqualTo(3);
        assertThat(store.openAlerts(null)).hasSize(3);
        assertThat(store.openAlerts(null).get(0).alert().host()).as("newest first").isEqualTo("web-2");

        // edited again: the newer difference replaces the open one
        store.recordAlerts(List.of(alert("web-1", "nginx.conf", FileChange.MODIFIED, "open", b, 2)));
        List<FleetStore.AlertRow> web1 = store.openAlerts("web-1");
        assertThat(web1).hasSize(2);
        assertThat(web1.get(0).alert().sha256()).isEqualTo(b);
        assertThat(web1.get(0).alert().change()).isEqualTo(FileChange.MODIFIED);
        assertThat(web1.get(0).receivedAt()).isEqualTo(T0);

        store.recordAlerts(List.of(alert("web-1", "nginx.conf", FileChange.MODIFIED, "resolved", a, 3),
                alert("web-1", "nginx.conf", FileChange.MODE, "resolved", null, 3)));
        assertThat(store.openAlerts("web-1")).isEmpty();
        assertThat(store.openAlerts(null)).extracting(r -> r.alert().path()).containsExactly("sudoers");
    }
}
