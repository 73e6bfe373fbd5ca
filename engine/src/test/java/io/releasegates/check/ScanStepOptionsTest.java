package io.releasegates.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan step's NVD API options in the check config fail the step with a message naming the option. */
class ScanStepOptionsTest {
    @TempDir
    Path tmp;

    private CheckResult.StepResult scanStep(String options) throws IOException {
        Files.writeString(tmp.resolve("shop.war"), "never read: the options are refused first");
        Files.writeString(tmp.resolve("policy.yml"), "environments:\n  ops: [scan]\n");
        Path config = tmp.resolve("release-gates.yml");
        Files.writeString(config, "package: shop.war\nenvironment: ops\npolicy: policy.yml\nsteps:\n  scan:\n" + options);
        CheckResult result = new CheckRunner(CheckConfigReader.read(config), tmp.resolve("out"), line -> { }).run(Instant.now());
        return result.steps().stream().filter(s -> s.name().equals("scan")).findFirst().orElseThrow();
    }

    @Test
    void shouldFailTheScanStepOnAnNvdApiUrlThatIsNotHttp() throws IOException {
        CheckResult.StepResult scan = scanStep("    nvd-api-url: ftp://nvd.example.org/\n");

        assertThat(scan.state()).isEqualTo(CheckResult.State.FAILED);
        assertThat(scan.report().errors()).singleElement().asString()
                .contains("steps.scan.nvd-api-url 'ftp://nvd.example.org/': not an http or https URL");
    }

    @Test
    void shouldFailTheScanStepWhenTheKeyVariableIsNotSet() throws IOException {
        CheckResult.StepResult scan = scanStep("    nvd-api-key-env: RELEASE_GATES_TEST_UNSET_NVD_KEY\n"
                + "    nvd-api-url: https://nvd.example.org\n");

        assertThat(scan.state()).isEqualTo(CheckResult.State.FAILED);
        assertThat(scan.report().errors()).singleElement().asString()
                .contains("steps.scan.nvd-api-key-env: environment variable RELEASE_GATES_TEST_UNSET_NVD_KEY is not set");
    }

    @Test
    void shouldFailTheScanStepWhenTheKeyFileIsMissingNamingTheOptionAndFile() throws IOException {
        CheckResult.StepResult scan = scanStep("    nvd-api-key-file: secrets/nvd.key\n");

        assertThat(scan.state()).isEqualTo(CheckResult.State.FAILED);
        assertThat(scan.report().errors()).singleElement().asString()
                .contains("steps.scan.nvd-api-key-file " + tmp.resolve("secrets/nvd.key") + ": no such regular file");
    }

    @Test
    void shouldFailTheScanStepOnAChecksumSearchOfUnknownTypeOrWithoutUrl() throws IOException {
        CheckResult.StepResult unknown = scanStep("    checksum-search: https://repo.example.org\n"
                + "    checksum-search-type: archiva\n");
        assertThat(unknown.state()).isEqualTo(CheckResult.State.FAILED);
        assertThat(unknown.report().errors()).singleElement().asString()
                .contains("steps.scan.checksum-search-type 'archiva': unknown repository type (expected central, nexus or artifactory)");

        CheckResult.StepResult untyped = scanStep("    checksum-search: https://repo.example.org\n");
        assertThat(untyped.report().errors()).singleElement().asString()
                .contains("steps.scan.checksum-search https://repo.example.org: say which API it speaks with "
                        + "steps.scan.checksum-search-type central|nexus|artifactory");
    }
}
