package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NVD side of {@code data update} ({@link NvdData}) through Dependency-Check's real NVD client against the local
 * {@link NvdApiServer}: a database the scan reads, its count and age, and a failed update that keeps it.
 */
class NvdDataTest {
    static final String KEY = NvdApiScanTest.KEY;

    @Test
    void shouldUpdateIncrementallyAndKeepTheDatabaseWhenAnUpdateFails(@TempDir Path tmp) throws Exception {
        Path nvd = tmp.resolve("nvd");
        try (NvdApiServer server = new NvdApiServer().serve("CVE-2021-44832").serve("CVE-2022-1471")) {
            assertThat(NvdData.status(nvd)).isEmpty();

            NvdData.Status first = NvdData.update(nvd, KEY, server.endpoint());

            assertThat(first.records()).isEqualTo(2);
            assertThat(first.asOf()).isPresent();
            assertThat(NvdData.status(nvd)).contains(first);
            assertThat(server.requests()).isNotEmpty().allMatch(r -> KEY.equals(r.apiKey()));
            assertThat(server.protocolErrors()).isEmpty();

            // Dependency-Check asks the API again only 4 hours after its last check: made due, as after 4 hours
            dueForCheck(nvd);
            server.clearRequests();
            java.time.Instant modified = NvdApiScanTest.FIRST_NEWEST.plus(3, java.time.temporal.ChronoUnit.DAYS);
            server.serveModified("CVE-2021-45046", modified);
            NvdData.Status second = NvdData.update(nvd, KEY, server.endpoint());
            assertThat(second.records()).isEqualTo(3);
            assertThat(second.asOf()).hasValueSatisfying(t -> assertThat(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    .isEqualTo(modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            // the second update asked only for what changed since the first
            assertThat(server.requests()).isNotEmpty().allMatch(r -> r.query().containsKey("lastModStartDate"));

            dueForCheck(nvd);
            server.answer(NvdApiServer.Answer.SERVER_ERROR);
            assertThatThrownBy(() -> NvdData.update(nvd, KEY, server.endpoint())).isInstanceOf(BadInputException.class)
                    .hasMessage("NVD API " + server.endpoint() + ": update failed (NVD Returned Status Code: 500)");
            assertThat(NvdData.status(nvd)).contains(second);
        }
        // the folder is one scan --data-dir reads as it is
        assertThat(PackageScanner.scan(ScanRequest.builder(NvdApiScanTest.WAR).dataDir(nvd).build()).findings())
                .anyMatch(f -> f.toString().contains("CVE-2021-44832"));
    }

    private static void dueForCheck(Path nvd) throws java.sql.SQLException {
        try (java.sql.Connection c = NvdApiScanTest.connect(nvd);
             java.sql.PreparedStatement st = c.prepareStatement("DELETE FROM properties WHERE id = ?")) {
            st.setString(1, "nvd.api.last.checked");
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }
}
