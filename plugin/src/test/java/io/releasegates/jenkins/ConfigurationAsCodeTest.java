package io.releasegates.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * plugin/README's Configuration as Code example, applied as written through the real plugin and exported back. The
 * password variable it names is set for the test JVM by the surefire configuration (plugin/pom.xml).
 */
@WithJenkins
class ConfigurationAsCodeTest {
    static final Path README = Path.of("README.md");

    /** The YAML block of the README's "Global configuration" section. */
    static String readmeYaml() throws Exception {
        String readme = Files.readString(README);
        String section = readme.substring(readme.indexOf("## Global configuration"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("a yaml block in the README's Global configuration section").isTrue();
        return m.group(1);
    }

    @Test
    void shouldApplyTheReadmeExampleAndExportItBack(JenkinsRule r, @TempDir Path tmp) throws Exception {
        assertThat(System.getenv("FLEET_DB_PASSWORD")).as("set by surefire").isNotBlank();
        String yaml = readmeYaml();
        Path file = Files.writeString(tmp.resolve("jenkins.yaml"), yaml);

        ConfigurationAsCode.get().configure(file.toString());

        ReleaseGatesConfiguration config = ReleaseGatesConfiguration.get();
        JsonNode expected = new YAMLMapper().readTree(yaml).path("unclassified").path("releaseGates");
        assertThat(config.getStoreUrl()).isEqualTo(expected.path("storeUrl").asText());
        assertThat(config.getCredentialsId()).isEqualTo("fleet-db");
        assertThat(config.getNvdDatafeed()).isEqualTo(expected.path("nvdDatafeed").asText());
        assertThat(config.getOsvData()).isEqualTo(expected.path("osvData").asText());
        assertThat(config.getCadencePolicy()).isEqualTo(expected.path("cadencePolicy").asText().trim());
        // the credential the configuration names, with the password from the variable
        StandardUsernamePasswordCredentials db = CredentialsMatchers.firstOrNull(
                SystemCredentialsProvider.getInstance().getCredentials(), CredentialsMatchers.withId("fleet-db"))
                instanceof StandardUsernamePasswordCredentials c ? c : null;
        assertThat(db).isNotNull();
        assertThat(db.getUsername()).isEqualTo("fleet");
        assertThat(db.getPassword().getPlainText()).isEqualTo(System.getenv("FLEET_DB_PASSWORD"));
        assertThat(config.credentials().getPassword().getPlainText()).isEqualTo(System.getenv("FLEET_DB_PASSWORD"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationAsCode.get().export(out);
        String exported = out.toString(StandardCharsets.UTF_8);
        JsonNode back = new YAMLMapper().readTree(exported).path("unclassified").path("releaseGates");
        assertThat(back.path("storeUrl").asText()).isEqualTo(expected.path("storeUrl").asText());
        assertThat(back.path("credentialsId").asText()).isEqualTo("fleet-db");
        assertThat(back.path("nvdDatafeed").asText()).isEqualTo(expected.path("nvdDatafeed").asText());
        assertThat(back.path("osvData").asText()).isEqualTo(expected.path("osvData").asText());
        assertThat(back.path("cadencePolicy").asText().trim()).isEqualTo(expected.path("cadencePolicy").asText().trim());
        // the exported form applies again to the same settings
        Path again = Files.writeString(tmp.resolve("exported.yaml"), exported);
        ConfigurationAsCode.get().configure(again.toString());
        assertThat(ReleaseGatesConfiguration.get().getCadencePolicy()).isEqualTo(config.getCadencePolicy());
        assertThat(exported).doesNotContain(System.getenv("FLEET_DB_PASSWORD"));
    }

    @Test
    void shouldRefuseAnInvalidCadencePolicyFromConfigurationAsCode(JenkinsRule r, @TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("jenkins.yaml"), """
                unclassified:
                  releaseGates:
                    cadencePolicy: "tier: nope"
                """);

        assertThatThrownBy(() -> ConfigurationAsCode.get().configure(file.toString()))
                .hasStackTraceContaining("unknown key 'tier'");
        assertThat(ReleaseGatesConfiguration.get().getCadencePolicy()).isNull();
    }
}
