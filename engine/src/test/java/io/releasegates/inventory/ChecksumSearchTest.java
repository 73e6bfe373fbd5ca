package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.releasegates.report.Finding;
import io.releasegates.tools.Zips;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity without a local Maven repository: real metadata-less jars from Maven Central (Spring Framework 5.3.17,
 * built with Gradle, carries no META-INF/maven) in a WAR, identified through each repository manager's checksum
 * search on 127.0.0.1; and every way the search can fail leaves the jars listed as unidentified, never clean.
 */
class ChecksumSearchTest {
    @TempDir
    Path tmp;

    private Path war;
    private RepositoryManagerServer.Artifact core;
    private RepositoryManagerServer.Artifact beans;

    @BeforeEach
    void realJars() throws IOException {
        byte[] coreJar = Files.readAllBytes(Fixtures.file("vulnerable-lib/spring-core-5.3.17.jar"));
        byte[] beansJar = Files.readAllBytes(Fixtures.file("vulnerable-lib/spring-beans-5.3.17.jar"));
        byte[] slf4j = Files.readAllBytes(Fixtures.file("vulnerable-lib/slf4j-api-1.7.36.jar"));
        core = RepositoryManagerServer.Artifact.of(coreJar, "org.springframework", "spring-core", "5.3.17");
        beans = RepositoryManagerServer.Artifact.of(beansJar, "org.springframework", "spring-beans", "5.3.17");
        war = Files.write(tmp.resolve("shop.war"), Zips.zip("WEB-INF/lib/spring-core-5.3.17.jar", coreJar,
                "WEB-INF/lib/spring-beans-5.3.17.jar", beansJar, "WEB-INF/lib/slf4j-api-1.7.36.jar", slf4j));
    }

    /** No local Maven repository at all: only the metadata and the search. */
    private Inventory inventory(RepositorySearch search) {
        return new PackageInventory(new PackageWalker(), null, search, s -> { }).inventory(war);
    }

    private RepositorySearch search(RepositoryManagerServer server, RepositorySearch.Kind kind) {
        return RepositorySearch.of(server.url(), kind.label(), "--checksum-search").withCacheDir(tmp.resolve("cache"));
    }

    private static Map<String, Component> byFile(Inventory inv) {
        return inv.all().collect(java.util.stream.Collectors.toMap(c -> c.path().substring(c.path().lastIndexOf('/') + 1), c -> c));
    }

    private static List<Finding> findings(Inventory inv, InventoryRule rule) {
        return inv.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
    }

    @Test
    void shouldListMetadataLessJarsAsUnidentifiedWithoutAnySha1Source() {
        Inventory inv = inventory(null);

        assertThat(byFile(inv).get("spring-core-5.3.17.jar")).satisfies(c -> {
            assertThat(c.purl()).isEmpty();
            assertThat(c.evidence()).isEqualTo(Evidence.MANIFEST);
            assertThat(c.confidence()).isEqualTo(Evidence.Confidence.MEDIUM);
            assertThat(c.name()).isEqualTo("spring-core");
            assertThat(c.version()).isEqualTo("5.3.17");
        });
        assertThat(findings(inv, InventoryRule.UNIDENTIFIED)).extracting(Finding::location).containsExactlyInAnyOrder(
                "WEB-INF/lib/spring-core-5.3.17.jar", "WEB-INF/lib/spring-beans-5.3.17.jar");
        assertThat(findings(inv, InventoryRule.UNIDENTIFIED).get(0).message())
                .contains("no SHA-1 source given (maven-repo, checksum-search)").contains("manifest (medium confidence)");
        assertThat(findings(inv, InventoryRule.IDENTITY_INCOMPLETE)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(io.releasegates.report.Severity.MEDIUM);
            assertThat(f.message()).startsWith("2 of 3 components have no exact identity");
        });
        assertThat(CycloneDx.toString(inv, CycloneDx.Format.JSON))
                .contains("\"name\" : \"releasegates:unidentified\"").contains("\"name\" : \"releasegates:confidence\"");
    }

    @Test
    void shouldIdentifyThroughMavenCentralSearchAndAskOnlyForJarsWithoutMetadata() throws IOException {
        try (RepositoryManagerServer central = new RepositoryManagerServer(RepositorySearch.Kind.CENTRAL, core, beans)) {
            Inventory inv = inventory(search(central, RepositorySearch.Kind.CENTRAL));

            assertThat(inv.components()).extracting(Component::purl, Component::evidence, Component::confidence)
                    .containsExactlyInAnyOrder(
                            tuple("pkg:maven/org.springframework/spring-core@5.3.17", Evidence.REPOSITORY_SEARCH_SHA1, Evidence.Confidence.EXACT),
                            tuple("pkg:maven/org.springframework/spring-beans@5.3.17", Evidence.REPOSITORY_SEARCH_SHA1, Evidence.Confidence.EXACT),
                            tuple("pkg:maven/org.slf4j/slf4j-api@1.7.36", Evidence.POM_PROPERTIES, Evidence.Confidence.HIGH));
            assertThat(byFile(inv).get("spring-core-5.3.17.jar").properties())
                    .containsEntry("identity.source", "central " + central.url());
            assertThat(central.requests).hasSize(2).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/solrsearch/select");
                assertThat(r.query()).matches("q=1%3A%22[0-9a-f]{40}%22&rows=20&wt=json");
                assertThat(r.authorization()).isNull();
            });
            assertThat(findings(inv, InventoryRule.UNIDENTIFIED)).isEmpty();
            assertThat(findings(inv, InventoryRule.IDENTITY_INCOMPLETE)).isEmpty();
            assertThat(inv.metadata()).containsEntry("checksum.search", "central " + central.url())
                    .containsEntry("unidentified", "0");
        }
    }

    @Test
    void shouldIdentifyThroughNexusWithBasicCredentialsFromAFileAndRefuseWrongOnes() throws IOException {
        try (RepositoryManagerServer nexus = new RepositoryManagerServer(RepositorySearch.Kind.NEXUS, core, beans)) {
            nexus.requireAuthorization("Basic " + Base64.getEncoder()
                    .encodeToString("ci-reader:s3cret-Passw0rd".getBytes(StandardCharsets.UTF_8)));
            Path secret = Files.writeString(tmp.resolve("nexus.credentials"), "ci-reader:s3cret-Passw0rd\n");
            RepositorySearch good = RepositorySearch.configure(nexus.url(), "nexus", null, secret, Map.of(), "--checksum-search")
                    .withCacheDir(tmp.resolve("cache"));

            Inventory inv = inventory(good);

            assertThat(byFile(inv).get("spring-beans-5.3.17.jar").purl()).isEqualTo("pkg:maven/org.springframework/spring-beans@5.3.17");
            assertThat(byFile(inv).get("spring-core-5.3.17.jar").purl()).isEqualTo("pkg:maven/org.springframework/spring-core@5.3.17");
            assertThat(nexus.requests).hasSize(2).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/service/rest/v1/search");
                assertThat(r.query()).matches("sha1=[0-9a-f]{40}");
            });
            assertThat(good.toString()).doesNotContain("s3cret");

            // the same server with a wrong password, from an environment variable, and a fresh cache
            RepositorySearch wrong = RepositorySearch.configure(nexus.url(), "nexus", "NEXUS_CREDENTIALS", null,
                    Map.of("NEXUS_CREDENTIALS", "ci-reader:wrong"), "--checksum-search").withCacheDir(tmp.resolve("cache2"));
            nexus.requests.clear();
            Inventory refused = inventory(wrong);

            assertThat(refused.all().filter(c -> c.purl().isEmpty())).hasSize(2);
            assertThat(findings(refused, InventoryRule.SEARCH_FAILED)).singleElement().satisfies(f -> {
                assertThat(f.message()).contains("HTTP 401: the server refused the credentials").contains("2 jar(s)");
                assertThat(f.severity()).isEqualTo(io.releasegates.report.Severity.MEDIUM);
            });
            assertThat(findings(refused, InventoryRule.UNIDENTIFIED)).hasSize(2).allSatisfy(f -> assertThat(f.message())
                    .contains("checksum search failed (HTTP 401: the server refused the credentials)"));
            // a refusal is not asked again for every jar
            assertThat(nexus.requests).hasSizeLessThanOrEqualTo(2);
            assertThat(refused.toString()).doesNotContain("wrong");

            // and with none at all: the finding names the settings that give them by their keys, as every front door
            RepositorySearch anonymous = RepositorySearch.configure(nexus.url(), "nexus", null, null, Map.of(),
                    "--checksum-search").withCacheDir(tmp.resolve("cache3"));
            assertThat(findings(inventory(anonymous), InventoryRule.SEARCH_FAILED)).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("HTTP 401: the server wants credentials (give them "
                            + "with checksum-search-credentials-env or checksum-search-credentials-file)"));
        }
    }

    @Test
    void shouldIdentifyThroughArtifactoryAskingForResultDetails() throws IOException {
        try (RepositoryManagerServer artifactory = new RepositoryManagerServer(RepositorySearch.Kind.ARTIFACTORY, core, beans)) {
            RepositorySearch search = RepositorySearch.configure(artifactory.url(), "artifactory", "ARTIFACTORY_TOKEN", null,
                    Map.of("ARTIFACTORY_TOKEN", "cmVmdGtuOjAxOjE3"), "--checksum-search").withCacheDir(tmp.resolve("cache"));

            Inventory inv = inventory(search);

            assertThat(byFile(inv).get("spring-core-5.3.17.jar").purl()).isEqualTo("pkg:maven/org.springframework/spring-core@5.3.17");
            assertThat(byFile(inv).get("spring-beans-5.3.17.jar").purl()).isEqualTo("pkg:maven/org.springframework/spring-beans@5.3.17");
            assertThat(artifactory.requests).hasSize(2).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/artifactory/api/search/checksum");
                assertThat(r.resultDetail()).isEqualTo("info");
                assertThat(r.authorization()).isEqualTo("Bearer cmVmdGtuOjAxOjE3");
            });
        }
    }

    @Test
    void shouldReadArtifactoryPlainResultsFromTheStorageUri() {
        // without X-Result-Detail honoured, a result is only the file info URI
        String json = "{\"results\":[{\"uri\":\"http://localhost:8081/artifactory/api/storage/libs-release-local/"
                + "org/jfrog/build-info-api/1.3.1/build-info-api-1.3.1.jar\"},"
                + "{\"uri\":\"http://localhost:8081/artifactory/api/storage/generic-local/tools/thing.jar\"}]}";

        List<MavenCoordinates> found = SearchAnswers.artifactory(parse(json), "x");

        assertThat(found).containsExactly(new MavenCoordinates("org.jfrog", "build-info-api", "1.3.1", ""));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return io.releasegates.report.Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldCacheHitsAndMissesOnDiskAndAskAgainForAMissOnceItIsOld() throws IOException {
        try (RepositoryManagerServer central = new RepositoryManagerServer(RepositorySearch.Kind.CENTRAL, core)) {
            RepositorySearch search = search(central, RepositorySearch.Kind.CENTRAL).withNegativeTtl(Duration.ofHours(1));
            Inventory first = inventory(search);
            assertThat(central.requests).hasSize(2);
            assertThat(byFile(first).get("spring-beans-5.3.17.jar").purl()).isEmpty();
            assertThat(findings(first, InventoryRule.UNIDENTIFIED)).singleElement().satisfies(f -> assertThat(f.message())
                    .contains("SHA-1 unknown to central " + central.url()));

            central.requests.clear();
            Inventory second = inventory(search);
            assertThat(central.requests).as("hit and miss both from the cache").isEmpty();
            assertThat(byFile(second).get("spring-core-5.3.17.jar").purl()).isEqualTo("pkg:maven/org.springframework/spring-core@5.3.17");
            assertThat(byFile(second).get("spring-beans-5.3.17.jar").purl()).isEmpty();

            inventory(search.withNegativeTtl(Duration.ofNanos(1)));
            assertThat(central.requests).as("only the stale miss is asked again").singleElement()
                    .satisfies(r -> assertThat(r.query()).contains(beans.sha1()));
        }
    }

    @Test
    void shouldGiveUpOnAServerThatDoesNotAnswerInTimeWithoutCachingIt() throws IOException {
        try (RepositoryManagerServer slow = new RepositoryManagerServer(RepositorySearch.Kind.NEXUS, core, beans)) {
            slow.override(exchange -> {
                try {
                    Thread.sleep(5000); // bounded (interrupted at close): far beyond the 300 ms read timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            });
            RepositorySearch search = search(slow, RepositorySearch.Kind.NEXUS)
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)).withConcurrency(1);
            long start = System.nanoTime();
            Inventory inv = inventory(search);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(millis).as("never waits for the slow server").isLessThan(4000);
            assertThat(findings(inv, InventoryRule.SEARCH_FAILED)).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("no answer within 300 ms").contains("2 jar(s)"));
            assertThat(slow.requests).hasSize(1);
            assertThat(inv.all().filter(c -> c.purl().isEmpty())).hasSize(2);
            assertThat(tmp.resolve("cache")).doesNotExist();
        }
    }

    @Test
    void shouldReportGarbageAnswersAndAskAgainNextTime() throws IOException {
        try (RepositoryManagerServer broken = new RepositoryManagerServer(RepositorySearch.Kind.CENTRAL, core, beans)) {
            broken.override(exchange -> {
                try {
                    RepositoryManagerServer.send(exchange, 200, exchange.getRequestURI().getRawQuery().contains(core.sha1())
                            ? "<html><body>Service Unavailable</body></html>" : "{\"error\":\"maintenance\"}");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            });
            RepositorySearch search = search(broken, RepositorySearch.Kind.CENTRAL);
            Inventory inv = inventory(search);

            assertThat(findings(inv, InventoryRule.SEARCH_FAILED)).extracting(Finding::message).containsExactlyInAnyOrder(
                    "checksum search central " + broken.url() + " failed for 1 jar(s): answer is not JSON;"
                            + " they stay unidentified (not known to be clean)",
                    "checksum search central " + broken.url() + " failed for 1 jar(s): answer not understood"
                            + " (no response.docs array); they stay unidentified (not known to be clean)");
            assertThat(findings(inv, InventoryRule.UNIDENTIFIED)).hasSize(2);
            broken.requests.clear();
            inventory(search);
            assertThat(broken.requests).as("failures are never cached").hasSize(2);
        }
    }

    @Test
    void shouldStopAskingAServerThatKeepsAnsweringWithErrors() throws IOException {
        try (RepositoryManagerServer failing = new RepositoryManagerServer(RepositorySearch.Kind.CENTRAL)) {
            failing.override(exchange -> {
                try {
                    RepositoryManagerServer.send(exchange, 500, "{\"error\":\"internal\"}");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            });
            ChecksumSearchClient client = new ChecksumSearchClient(search(failing, RepositorySearch.Kind.CENTRAL)
                    .withConcurrency(1), java.time.Clock.systemUTC());
            List<ChecksumSearchClient.Answer> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(client.lookUp(String.format("%040x", i)));
            }

            assertThat(failing.requests).hasSize(ChecksumSearchClient.MAX_FAILURES_IN_A_ROW);
            assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOf(ChecksumSearchClient.Failed.class));
            assertThat(((ChecksumSearchClient.Failed) answers.get(7)).reason())
                    .isEqualTo("HTTP 500 (5 failed answers in a row: not asked again)");
        }
    }

    @Test
    void shouldWarnAndKeepJarsUnidentifiedWhenTheServerIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RepositorySearch search = RepositorySearch.of("http://127.0.0.1:" + closedPort, "artifactory", "--checksum-search")
                .withCacheDir(tmp.resolve("cache"));

        Inventory inv = inventory(search);

        assertThat(inv.complete()).isTrue();
        assertThat(findings(inv, InventoryRule.SEARCH_FAILED)).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("unreachable");
            assertThat(f.location()).isEqualTo("http://127.0.0.1:" + closedPort);
        });
        assertThat(findings(inv, InventoryRule.UNIDENTIFIED)).hasSize(2);
        assertThat(findings(inv, InventoryRule.IDENTITY_INCOMPLETE)).hasSize(1);
        assertThat(PackageInventory.report(inv, war.toString()).summary()).containsEntry("unidentified", 2L);
    }

    @Test
    void shouldRefuseCredentialsInTheUrlAndAnUnknownType() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RepositorySearch.of("https://user:pw@nexus.example.org",
                        "nexus", "--checksum-search"))
                .hasMessage("--checksum-search: credentials in the URL are not supported (use "
                        + "--checksum-search-credentials-env or --checksum-search-credentials-file)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RepositorySearch.of("https://nexus.example.org", "archiva",
                        "--checksum-search"))
                .hasMessageContaining("--checksum-search-type 'archiva': unknown repository type");
        assertThat(RepositorySearch.of("central", null, "--checksum-search").kind()).isEqualTo(RepositorySearch.Kind.CENTRAL);
    }
}
