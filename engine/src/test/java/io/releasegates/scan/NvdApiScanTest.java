package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import io.releasegates.report.ReportFormat;
import io.releasegates.report.ReportWriter;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scan's online NVD update ({@code --nvd-api-key}, {@code --nvd-api-url}) through Dependency-Check's real NVD API
 * client, against {@link NvdApiServer} on a local socket: paging, the key header, the incremental update and the
 * failures a mirror can give.
 */
class NvdApiScanTest {
    static final Path WAR = Path.of(System.getProperty("releasegates.fixtures"), "sample-vulnerable.war");
    /** Shaped like an NVD key (36 characters, so the NVD client would quote its first and last five). */
    static final String KEY = "5c0ffee5-6a7b-4c8d-9e0f-abcdef123456";
    /** The newest lastModified of the first import's records (CVE-2021-44832). */
    static final Instant FIRST_NEWEST = Instant.parse("2026-05-29T20:16:21.410Z");
    static final int FILLERS = 2000;
    /** What each failure is reported as: Dependency-Check's own words, first line. */
    static final Map<NvdApiServer.Answer, String> REASONS = Map.of(
            NvdApiServer.Answer.FORBIDDEN, "Error updating the NVD Data; the NVD returned a 403 or 404 error",
            NvdApiServer.Answer.NOT_FOUND, "Error updating the NVD Data; the NVD returned a 403 or 404 error",
            NvdApiServer.Answer.SERVER_ERROR, "NVD Returned Status Code: 500",
            NvdApiServer.Answer.GARBAGE_JSON, "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object"
                    + " or token 'null', 'true' or 'false')");

    @TempDir
    static Path tmp;
    static Path baseData;
    static NvdApiServer firstServer;
    static GateReport first;

    /** One full import through the API (2,002 records, two pages), shared by the tests as their starting database. */
    @BeforeAll
    static void importThroughTheApi() throws IOException {
        firstServer = new NvdApiServer().serveFillers(FILLERS).serve("CVE-2021-44832").serve("CVE-2022-1471");
        baseData = tmp.resolve("base");
        first = scan(baseData, firstServer.endpoint());
    }

    @AfterAll
    static void stopServer() {
        firstServer.close();
    }

    static GateReport scan(Path dataDir, String endpoint) {
        return PackageScanner.scan(ScanRequest.builder(WAR).nvdApiKey(KEY).nvdApiUrl(endpoint).dataDir(dataDir).build());
    }

    @Test
    void shouldFetchEveryPageWithTheKeyInTheApiKeyHeader() {
        List<NvdApiServer.Request> requests = firstServer.requests();
        assertThat(firstServer.protocolErrors()).isEmpty();
        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.apiKey()).isEqualTo(KEY);
            assertThat(r.query()).containsEntry("resultsPerPage", "2000").doesNotContainKeys("lastModStartDate", "lastModEndDate");
        });
        assertThat(requests.stream().map(r -> r.query().get("startIndex")).collect(Collectors.toSet())).containsExactlyInAnyOrder("0", "2000");
    }

    @Test
    void shouldFindTheServedCvesOnTheRightJars() {
        assertThat(first.errors()).isEmpty();
        assertThat(PackageScannerTest.advisoriesByJar(first, "WEB-INF/lib/")).isEqualTo(Map.of(
                "log4j-core-2.14.1.jar", Set.of("CVE-2021-44832"),
                "snakeyaml-1.33.jar", Set.of("CVE-2022-1471")));
        assertThat(first.findings().stream().filter(f -> f.ruleId().equals("CVE-2022-1471")).findFirst().orElseThrow().severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(first.inputs()).extracting(Input::role, Input::path)
                .contains(org.assertj.core.groups.Tuple.tuple("advisories-nvd-api", firstServer.endpoint()));
        // the API's bookkeeping: the newest lastModified served
        assertThat(first.dataAsOf().get("nvd").truncatedTo(ChronoUnit.SECONDS)).isEqualTo(FIRST_NEWEST.truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void shouldKeepTheKeyOutOfEveryReportFormat() throws IOException {
        for (ReportFormat format : ReportFormat.values()) {
            Path file = tmp.resolve("report." + format.name().toLowerCase(java.util.Locale.ROOT));
            ReportWriter.write(first, format, Severity.HIGH, file);
            assertThat(Files.readString(file)).as(format.name()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 8));
        }
        assertThat(ScanRequest.builder(WAR).nvdApiKey(KEY).build().toString()).doesNotContain(KEY);
    }

    @Test
    void shouldAskOnlyForRecordsModifiedSinceTheLastUpdate() throws Exception {
        Path data = staleCopyOfBase("incremental");
        Instant modified = FIRST_NEWEST.plus(3, ChronoUnit.DAYS);
        try (NvdApiServer server = new NvdApiServer().serveFillers(FILLERS).serve("CVE-2021-44832").serve("CVE-2022-1471")
                .serveModified("CVE-2021-45046", modified)) {
            GateReport second = scan(data, server.endpoint());

            assertThat(server.protocolErrors()).isEmpty();
            assertThat(server.requests()).singleElement().satisfies(r -> {
                assertThat(r.apiKey()).isEqualTo(KEY);
                Instant from = OffsetDateTime.parse(r.query().get("lastModStartDate")).toInstant();
                Instant to = OffsetDateTime.parse(r.query().get("lastModEndDate")).toInstant();
                assertThat(from).isEqualTo(FIRST_NEWEST.truncatedTo(ChronoUnit.SECONDS));
                assertThat(to).isEqualTo(from.plus(120, ChronoUnit.DAYS));
            });
            // the new record was added, the earlier ones kept
            assertThat(PackageScannerTest.advisoriesByJar(second, "WEB-INF/lib/")).isEqualTo(Map.of(
                    "log4j-core-2.14.1.jar", Set.of("CVE-2021-44832", "CVE-2021-45046"),
                    "snakeyaml-1.33.jar", Set.of("CVE-2022-1471")));
            assertThat(second.dataAsOf().get("nvd").truncatedTo(ChronoUnit.SECONDS)).isEqualTo(modified.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Test
    void shouldNotAskAgainWithinDependencyChecksFourHours() throws Exception {
        Path data = copyOfBase("fresh");
        try (NvdApiServer server = new NvdApiServer()) {
            server.answer(NvdApiServer.Answer.SERVER_ERROR);
            GateReport again = scan(data, server.endpoint());
            assertThat(server.requests()).isEmpty();
            assertThat(PackageScannerTest.advisoriesByJar(again, "WEB-INF/lib/")).containsKeys("log4j-core-2.14.1.jar", "snakeyaml-1.33.jar");
        }
    }

    @ParameterizedTest
    @EnumSource(value = NvdApiServer.Answer.class, names = "DATA", mode = EnumSource.Mode.EXCLUDE)
    void shouldFailClosedNamingTheUrlAndKeepTheDatabaseUsable(NvdApiServer.Answer answer) throws Exception {
        Path data = staleCopyOfBase(answer.name());
        String before = apiLastModified(data);
        try (NvdApiServer server = new NvdApiServer()) {
            server.answer(answer);
            assertThatThrownBy(() -> scan(data, server.endpoint()))
                    .isInstanceOf(BadInputException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).isEqualTo("NVD API " + server.endpoint() + ": update failed (" + REASONS.get(answer) + ")");
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t)).doesNotContain(KEY).doesNotContain(KEY.substring(0, 5))
                                    .doesNotContain(KEY.substring(KEY.length() - 5));
                        }
                    });
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.apiKey()).isEqualTo(KEY));
        }
        // the database is as it was, and a scan without the API still uses it
        assertThat(apiLastModified(data)).isEqualTo(before);
        GateReport offline = PackageScanner.scan(ScanRequest.builder(WAR).dataDir(data).build());
        assertThat(PackageScannerTest.advisoriesByJar(offline, "WEB-INF/lib/")).isEqualTo(Map.of(
                "log4j-core-2.14.1.jar", Set.of("CVE-2021-44832"),
                "snakeyaml-1.33.jar", Set.of("CVE-2022-1471")));
    }

    @Test
    void shouldFailClosedWhenNothingListensAtTheUrl() throws Exception {
        Path data = staleCopyOfBase("refused");
        String endpoint;
        try (NvdApiServer server = new NvdApiServer()) {
            endpoint = server.endpoint();
        }
        // Dependency-Check's client retries a refused connection (30 times per request, no pause) before giving up
        assertThatThrownBy(() -> scan(data, endpoint)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("NVD API " + endpoint + ": update failed (")
                .satisfies(e -> System.out.println("refused: " + e.getMessage()));
    }

    @Test
    void shouldRefuseAnApiUrlThatIsNotHttpNamingTheOption() {
        for (String bad : List.of("ftp://nvd.example.org/rest/json/cves/2.0", "file:///tmp/nvd", "nvd.example.org", "http://",
                "https://user:secret@nvd.example.org/")) {
            assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).nvdApiUrl(bad).dataDir(tmp.resolve("none")).build()))
                    .as(bad).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("nvd-api-url")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("\n"));
        }
        assertThatThrownBy(() -> PackageScanner.scan(ScanRequest.builder(WAR).nvdApiUrl("https://nvd.example.org")
                .nvdRecords(tmp).dataDir(tmp.resolve("none")).build()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not both");
    }

    @Test
    void shouldCompleteABaseUrlWithTheCveApiPath() {
        assertThat(NvdApi.endpoint("https://nvd.example.org", "x")).isEqualTo("https://nvd.example.org/rest/json/cves/2.0");
        assertThat(NvdApi.endpoint("http://10.0.0.5:8080/", "x")).isEqualTo("http://10.0.0.5:8080/rest/json/cves/2.0");
        assertThat(NvdApi.endpoint("https://proxy.example.org/nvd/cves", "x")).isEqualTo("https://proxy.example.org/nvd/cves");
    }

    @Test
    void shouldMaskTheKeyAndItsQuotedEnds() {
        assertThat(NvdApi.mask("Invalid API Key: " + KEY.substring(0, 5) + "-*****-" + KEY.substring(KEY.length() - 5), KEY))
                .isEqualTo("Invalid API Key: *****-*****-*****");
        assertThat(NvdApi.mask("header apiKey=" + KEY + ".", KEY)).isEqualTo("header apiKey=*****.");
        assertThat(NvdApi.mask("NVD Returned Status Code: 500", KEY)).isEqualTo("NVD Returned Status Code: 500");
    }

    /** A copy of the base database whose last API check Dependency-Check will consider due (as after four hours). */
    static Path staleCopyOfBase(String name) throws Exception {
        Path data = copyOfBase(name);
        try (Connection c = connect(data); PreparedStatement st = c.prepareStatement("DELETE FROM properties WHERE id = ?")) {
            st.setString(1, "nvd.api.last.checked");
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        return data;
    }

    static Path copyOfBase(String name) throws IOException {
        Path data = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(baseData)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        return data;
    }

    static String apiLastModified(Path data) throws SQLException {
        try (Connection c = connect(data); PreparedStatement st = c.prepareStatement("SELECT \"VALUE\" FROM properties WHERE id = ?")) {
            st.setString(1, "nvd.api.last.modified");
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    static Connection connect(Path data) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", NvdDatabase.DB_USER);
        p.setProperty("password", NvdDatabase.DB_PASSWORD);
        return new org.h2.Driver().connect("jdbc:h2:file:" + data.toAbsolutePath().resolve("odc") + ";IFEXISTS=TRUE", p);
    }
}
