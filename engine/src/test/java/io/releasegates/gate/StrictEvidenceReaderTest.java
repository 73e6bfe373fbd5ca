package io.releasegates.gate;

import static io.releasegates.gate.Scenario.clean;
import static io.releasegates.gate.Scenario.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence reader never reads a hole, a duplicate or a number as "clean": each is a BLOCK naming the file. */
class StrictEvidenceReaderTest {
    @TempDir
    Path tmp;

    /** A clean-but-one-finding scan rendered by the real writer, then edited as text. */
    private Verdict judgeEdited(java.util.function.UnaryOperator<String> edit) throws Exception {
        Scenario s = new Scenario(tmp).allClean();
        s.write(clean("scan").finding(finding("CVE-2021-44228", Severity.CRITICAL, "log4j-core")).build());
        Path scan = s.evidence.resolve("scan.json");
        String edited = edit.apply(Files.readString(scan));
        Files.writeString(scan, edited);
        return s.judge("production");
    }

    private static void assertUnreadable(Verdict v, String... fragments) {
        assertThat(v.status()).isEqualTo(Status.BLOCK);
        // the unreadable file, and so no scan evidence at all
        assertThat(v.reasons()).extracting(Condition::ruleId)
                .containsExactlyInAnyOrder(GateRuleIds.EVIDENCE_UNREADABLE, GateRuleIds.EVIDENCE_MISSING);
        assertThat(v.reasons()).filteredOn(c -> c.ruleId().equals(GateRuleIds.EVIDENCE_UNREADABLE)).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("scan.json").doesNotContain("\n").contains(fragments));
    }

    @Test
    void shouldRefuseEvidenceWithoutAFindingsMember() throws Exception {
        Verdict v = judgeEdited(json -> json.replaceFirst("\"findings\" : \\[[^\\]]*\\]", "\"findingz\" : []")
                .replace("\"findingz\" : [],", "").replace(",\n  \"findingz\" : []", ""));

        assertUnreadable(v, "findings");
    }

    @Test
    void shouldRefuseADuplicateKeyInsteadOfLettingTheLastOneWin() throws Exception {
        Verdict v = judgeEdited(json -> json.replaceFirst("\\{", "{\n  \"findings\" : [],"));

        assertUnreadable(v, "Duplicate field 'findings'");
    }

    @Test
    void shouldRefuseANumericSeverity() throws Exception {
        assertUnreadable(judgeEdited(json -> json.replace("\"CRITICAL\"", "0")), "severity");
        assertUnreadable(judgeEdited(json -> json.replace("\"CRITICAL\"", "\"0\"")), "severity");
        assertUnreadable(judgeEdited(json -> json.replace("\"CRITICAL\"", "\"critical\"")), "severity");
    }

    @Test
    void shouldRefuseUnknownAndNullMembers() throws Exception {
        assertUnreadable(judgeEdited(json -> json.replaceFirst("\\{", "{\n  \"clean\" : true,")), "clean");
        assertUnreadable(judgeEdited(json -> json.replaceFirst("\"errors\" : \\[ \\]", "\"errors\" : null")), "errors");
    }

    @Test
    void shouldStillReadWhatTheWriterWrites() throws Exception {
        Verdict v = judgeEdited(json -> json);

        assertThat(v.reasons()).singleElement().satisfies(c -> assertThat(c.ruleId()).isEqualTo("CVE-2021-44228"));
    }
}
