package io.releasegates.integrity;

import io.releasegates.signing.SigningKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.report.BadInputException;
import io.releasegates.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert severities by path: parsed, matched first-wins, and signed with the baseline. */
class SeverityRuleTest {
    @TempDir
    Path tmp;

    @Test
    void shouldMatchTheFirstRuleAndDefaultToHigh() {
        List<SeverityRule> rules = List.of(SeverityRule.parse("sudoers*=critical"), SeverityRule.parse("*.log=low"),
                SeverityRule.parse("conf/**=medium"));
        assertThat(SeverityRule.of(rules, "sudoers.d/ops")).isEqualTo(Severity.CRITICAL);
        assertThat(SeverityRule.of(rules, "conf/app.log")).isEqualTo(Severity.LOW);
        assertThat(SeverityRule.of(rules, "conf/app.yml")).isEqualTo(Severity.MEDIUM);
        assertThat(SeverityRule.of(rules, "other")).isEqualTo(Severity.HIGH);
    }

    @Test
    void shouldRefuseRulesThatAreNotGlobEqualsLevel() {
        assertThatThrownBy(() -> SeverityRule.parse("sudoers")).hasMessageContaining("GLOB=LEVEL");
        assertThatThrownBy(() -> SeverityRule.parse("x=urgent")).hasMessageContaining("unknown severity 'urgent'");
        assertThatThrownBy(() -> SeverityRule.parse("=high")).hasMessageContaining("GLOB=LEVEL");
    }

    @Test
    void shouldSignTheSeveritiesSoThatADowngradeBreaksTheSignature() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("sudoers"), "root ALL=(ALL) ALL\n");
        SigningKey key = SigningKey.generateEd25519();
        Path file = tmp.resolve("b.json");
        Baseline b = new IntegrityChecker(1).baseline(tree, PathFilter.ALL).withSeverities(List.of(SeverityRule.parse("sudoers=critical")));
        BaselineFile.write(b, file, key);

        BaselineFile.Loaded read = BaselineFile.read(file);
        assertThat(read.baseline().severities()).containsExactly(new SeverityRule("sudoers", Severity.CRITICAL));
        assertThat(read.verify(key.verifier()).valid()).isTrue();

        Files.writeString(file, Files.readString(file).replace("\"critical\"", "\"info\""));
        assertThat(BaselineFile.read(file).verify(key.verifier()).valid()).isFalse();
        Files.writeString(file, Files.readString(file).replace("\"info\"", "\"dire\""));
        assertThatThrownBy(() -> BaselineFile.read(file)).isInstanceOf(BadInputException.class).hasMessageContaining(file.toString());
    }

    @Test
    void shouldKeepTheCanonicalFormOfBaselinesWithoutSeverities() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("a"), "a\n");
        Baseline b = new IntegrityChecker(1).baseline(tree, PathFilter.ALL);
        assertThat(new String(BaselineJson.canonical(b), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("severities");
        BaselineFile.write(b, tmp.resolve("plain.json"), null);
        assertThat(Files.readString(tmp.resolve("plain.json"))).doesNotContain("severities");
    }
}
