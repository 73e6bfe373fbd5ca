package io.releasegates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CI-sized subset of bench/corpus: six real release packages from Maven Central (downloaded by test-fixtures'
 * build) through {@code release-gates scan} as a user runs it, and through Dependency-Check's own engine on the same
 * NVD data, the database that very scan imported. Every (jar, CVE) pair Dependency-Check reports must be reported by
 * the scan too, except the reviewed false positives of test-fixtures/corpus/dc-false-positives.txt; and a third-party
 * jar's (or a bundled archive's) message bundles, documentation and code must raise no secret finding, except the
 * reviewed vendor defaults of test-fixtures/corpus/third-party-secrets.txt. Every jar that Dependency-Check identifies
 * by its Maven metadata and that an OSV record of the corpus takes in must be reported with that advisory too.
 *
 * <p>No local Maven repository: jars without Maven metadata stay as unidentified as on a build agent with an empty
 * cache, which is the case Dependency-Check's evidence-based analysis has to cover.
 */
class CorpusParityTest {
    static final Path CORPUS = Path.of(System.getProperty("releasegates.fixtures"), "corpus");
    static final Path SOURCES = Path.of(System.getProperty("releasegates.fixtureSources"), "corpus");
    // the sample advisories plus the corpus' own records, combined by test-fixtures' build (one folder per source)
    static final Path ADVISORIES = Path.of(System.getProperty("releasegates.fixtures"), "corpus-advisories");

    // one data dir for all packages: the feed is imported once, as a CI agent's cache would hold it
    @TempDir
    static Path shared;

    static Path data;
    static Path emptyRepository;

    @BeforeAll
    static void directories() throws IOException {
        data = Files.createDirectories(shared.resolve("data"));
        emptyRepository = Files.createDirectories(shared.resolve("empty-m2"));
    }

    static Stream<String> packages() {
        return Stream.of("tomcat-9.0.31.tar.gz", "apache-maven-3.6.3-bin.tar.gz", "activemq-web-console-5.15.9.war",
                "jspwiki-war-2.10.2.war", "spring-cloud-skipper-server-1.0.8.RELEASE.jar", "samples-web-1.3.2.war");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void shouldReportEveryDependencyCheckPairAndNoSecretInThirdPartyArchives(String name) throws Exception {
        Path pkg = CORPUS.resolve(name);
        assertThat(pkg).as("downloaded by test-fixtures' build").isRegularFile();
        Path json = shared.resolve(name + ".json");

        int code = ReleaseGatesCommand.run("scan", pkg.toString(), "--nvd-records", ADVISORIES.resolve("nvd").toString(),
                "--osv", ADVISORIES.resolve("osv").toString(), "--data-dir", data.toString(),
                "--maven-repo", emptyRepository.toString(), "--json", json.toString(), "--quiet");
        assertThat(code).as("scan exit code of " + name).isIn(ExitCodes.OK, ExitCodes.FINDINGS);

        JsonNode report = Json.mapper().readTree(json.toFile());
        Set<String> ours = new TreeSet<>();
        List<String> secretsInThirdParty = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            String rule = f.path("ruleId").asText();
            String location = f.path("location").asText();
            if (f.path("properties").has("advisory")) {
                ours.add(DependencyCheckPairs.jarOf(location, name) + " " + rule);
            } else if (rule.startsWith("RG-SCAN-SECRET") && location.contains("!/")) {
                // inside a nested archive: a library jar or a bundled source tarball, i.e. third-party content
                secretsInThirdParty.add(rule + " " + location);
            }
        }

        // the vendor default credentials a shipped configuration file holds are real findings, reviewed one by one
        secretsInThirdParty.removeAll(
                DependencyCheckPairs.reviewed(SOURCES.resolve("third-party-secrets.txt"), name, "RG-SCAN-"));

        DependencyCheckPairs.Report dependencyCheck = DependencyCheckPairs.of(pkg, data, shared.resolve("dc-tmp-" + name));
        Set<String> missed = new TreeSet<>(dependencyCheck.pairs());
        missed.removeAll(ours);
        missed.removeAll(DependencyCheckPairs.reviewed(SOURCES.resolve("dc-false-positives.txt"), name, "CVE-"));

        // every jar Dependency-Check identifies by its Maven metadata and an OSV record's ranges take in
        Set<String> missedOsv = new TreeSet<>(OsvExpectations.read(ADVISORIES.resolve("osv"))
                .pairs(dependencyCheck.mavenPackages()));
        missedOsv.removeAll(ours);

        // all checks reported together: a parity gap must not hide secret alarms, nor the other way round
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(missed).as("(jar, CVE) pairs Dependency-Check reports on " + name + " and scan does not")
                    .isEmpty();
            soft.assertThat(missedOsv).as("(jar, advisory) pairs the OSV records imply for " + name
                    + " and scan does not report").isEmpty();
            soft.assertThat(secretsInThirdParty).as("secret findings inside nested (third-party) archives of " + name)
                    .isEmpty();
        });
    }
}
