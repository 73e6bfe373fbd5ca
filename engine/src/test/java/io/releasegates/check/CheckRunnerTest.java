package io.releasegates.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.gate.Condition;
import io.releasegates.gate.GateRuleIds;
import io.releasegates.gate.Status;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check runner on real steps (integrity on a generated tree) with small policies. */
class CheckRunnerTest {
    @TempDir
    Path tmp;

    private final List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void release() throws IOException {
        Files.writeString(tmp.resolve("shop.war"), "not really a war; integrity does not read it");
        Files.writeString(tmp.resolve("policy.yml"), "environments:\n  ops: [integrity]\n");
    }

    private CheckResult check(String steps) throws IOException {
        Path config = tmp.resolve("release-gates.yml");
        Files.writeString(config, "package: shop.war\nenvironment: ops\npolicy: policy.yml\nsteps:\n" + steps);
        return new CheckRunner(CheckConfigReader.read(config), tmp.resolve("out"), progress::add).run(Instant.now());
    }

    @Test
    void shouldPassWhenEveryRequiredStepIsCleanAndLinkItsReports() throws IOException {
        CheckResult r = check("  integrity:\n    demo: true\n");

        assertThat(r.verdict().status()).isEqualTo(Status.PASS);
        assertThat(r.steps()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(CheckResult.State.RAN));
        Path out = tmp.resolve("out");
        assertThat(out.resolve("evidence/integrity.json")).isRegularFile();
        assertThat(out.resolve("work/integrity/baseline.json")).isRegularFile();
        assertThat(Files.readString(out.resolve("index.html"))).contains("id=\"verdict\">PASS<")
                .contains("href=\"reports/integrity.html\"").contains("href=\"work/integrity/baseline.json\"");
        assertThat(progress).anySatisfy(l -> assertThat(l).startsWith("  integrity: 0 finding(s)"));
    }

    @Test
    void shouldBlockWithTheReasonWhenAStepCannotComplete() throws IOException {
        CheckResult r = check("  integrity:\n    tree: no-such-tree\n    baseline: baseline.json\n");

        assertThat(r.steps()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(CheckResult.State.FAILED));
        assertThat(r.verdict().status()).isEqualTo(Status.BLOCK);
        assertThat(r.verdict().reasons()).singleElement().satisfies(c -> {
            assertThat(c.ruleId()).isEqualTo(GateRuleIds.EVIDENCE_INCOMPLETE);
            assertThat(c.reason()).contains("baseline.json");
        });
    }

    @Test
    void shouldNeverJudgeEvidenceLeftByAnEarlierRun() throws IOException {
        check("  integrity:\n    demo: true\n");
        Path stale = tmp.resolve("out/evidence/backups.json");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "{\"schema\": \"release-gates/evidence/v1\", \"gate\": \"backups\"}");
        Path notes = tmp.resolve("out/notes.txt");
        Files.writeString(notes, "mine");

        CheckResult r = check("  integrity:\n    demo: true\n");

        assertThat(stale).doesNotExist();
        assertThat(notes).hasContent("mine");
        assertThat(r.verdict().evidence()).extracting(e -> e.gate()).containsExactly("integrity");
        assertThat(r.verdict().conditions()).extracting(Condition::ruleId).doesNotContain(GateRuleIds.NOT_REQUIRED);
    }

    @Test
    void shouldRefuseAMissingPackageBeforeRunningAnything() throws IOException {
        Files.delete(tmp.resolve("shop.war"));

        assertThatThrownBy(() -> check("  integrity:\n    demo: true\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("shop.war: package not found");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void shouldRefuseConfigsWithUnknownKeysOrMissingFields() throws IOException {
        Path config = tmp.resolve("bad.yml");
        Files.writeString(config, "package: shop.war\nenvironment: ops\npolicy: policy.yml\nstep: {}\n");
        assertThatThrownBy(() -> CheckConfigReader.read(config)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.yml:4: step: unknown key");

        Files.writeString(config, "package: shop.war\npolicy: policy.yml\nsteps: {integrity: {demo: true}}\n");
        assertThatThrownBy(() -> CheckConfigReader.read(config)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.yml: environment: is required");
    }
}
