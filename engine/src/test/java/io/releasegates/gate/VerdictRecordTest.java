package io.releasegates.gate;

import static io.releasegates.gate.Scenario.clean;
import static io.releasegates.gate.Scenario.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.signing.SigningKey;
import io.releasegates.report.BadInputException;
import io.releasegates.files.Digests;
import io.releasegates.report.Json;
import io.releasegates.report.Severity;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class VerdictRecordTest {
    @TempDir
    Path tmp;

    private Path pkg;
    private String pkgSha;

    /** Evidence signed with {@code k} and judged with it, as {@code gate --key} does. */
    private Verdict verdictFor(Scenario s, boolean blocking, SigningKey k) throws Exception {
        s.signWith(k);
        pkg = tmp.resolve("shop.war");
        Files.writeString(pkg, "the release package");
        pkgSha = Digests.sha256(pkg);
        for (String g : PolicyReader.ALL_GATES) {
            var b = clean(g);
            if (g.equals("scan") || g.equals("inventory")) {
                b = io.releasegates.report.GateReport.builder(g).generatedAt(Scenario.NOW.minusSeconds(60))
                        .input(new io.releasegates.report.Input("package", pkg.toString(), pkgSha))
                        .dataAsOf("osv", Scenario.NOW.minusSeconds(3600));
            }
            if (blocking && g.equals("scan")) {
                b.finding(finding("CVE-2021-44228", Severity.CRITICAL, "pkg:maven/<log4j>/log4j-core@2.14.1"));
            }
            s.write(b.build());
        }
        return s.judge("production", pkgSha);
    }

    /** An Ed25519 private key file, as {@code openssl genpkey -algorithm ed25519} writes it. */
    private Path key(String name) throws Exception {
        Path file = tmp.resolve(name);
        SigningKey.generateEd25519().writePrivate(file);
        return file;
    }

    private Verdict verdictFor(Scenario s, boolean blocking) throws Exception {
        return verdictFor(s, blocking, (SigningKey) null);
    }

    private Verdict verdictFor(Scenario s, boolean blocking, Path keyFile) throws Exception {
        return verdictFor(s, blocking, SigningKey.load(keyFile));
    }

    private Path writeSigned(Verdict v, Path keyFile) throws Exception {
        Path out = tmp.resolve("verdict.json");
        Files.writeString(out, VerdictJson.render(v, VerdictKeys.load(keyFile)));
        return out;
    }

    @Test
    void shouldRoundTripTheVerdictWithThePackageHash() throws Exception {
        Path k = key("k");
        Verdict v = verdictFor(new Scenario(tmp), true, k);
        Path file = writeSigned(v, k);

        ObjectNode tree = VerdictJson.readTree(file);
        assertThat(tree.path("schema").asText()).isEqualTo(VerdictJson.SCHEMA);
        assertThat(tree.path("packageSha256").asText()).isEqualTo(pkgSha);
        assertThat(tree.path("counts").path("block").asLong()).isEqualTo(1);
        assertThat(tree.path("signature").path("algorithm").asText()).isNotEmpty();
        assertThat(VerdictJson.fromTree(file, tree)).isEqualTo(v);
    }

    @Test
    void shouldAcceptASignedPassingVerdictForThisExactPackage() throws Exception {
        Path k = key("k");
        Path file = writeSigned(verdictFor(new Scenario(tmp), false, k), k);

        VerdictVerifier.Result r = VerdictVerifier.verify(file, pkg, VerdictKeys.load(k));

        assertThat(r.problems()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.verdict().status()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldRefuseAModifiedVerdict() throws Exception {
        Path k = key("k");
        Path file = writeSigned(verdictFor(new Scenario(tmp), true, k), k);
        ObjectNode tree = VerdictJson.readTree(file);
        tree.put("status", "PASS");
        Files.writeString(file, Json.mapper().writeValueAsString(tree));

        VerdictVerifier.Result r = VerdictVerifier.verify(file, pkg, VerdictKeys.load(k));

        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).singleElement().asString()
                .startsWith("signature: ").contains("changed after signing");
    }

    @Test
    void shouldRefuseAnotherPackage() throws Exception {
        Path k = key("k");
        Path file = writeSigned(verdictFor(new Scenario(tmp), false, k), k);
        Path other = tmp.resolve("other.war");
        Files.writeString(other, "another package");

        VerdictVerifier.Result r = VerdictVerifier.verify(file, other, VerdictKeys.load(k));

        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).singleElement().asString().startsWith("the verdict is about another package");
    }

    @Test
    void shouldRefuseABlockingVerdictEvenWhenSignedAndAboutThisPackage() throws Exception {
        Path k = key("k");
        Path file = writeSigned(verdictFor(new Scenario(tmp), true, k), k);

        VerdictVerifier.Result r = VerdictVerifier.verify(file, pkg, VerdictKeys.load(k));

        assertThat(r.problems()).singleElement().asString().startsWith("the verdict is BLOCK for production");
    }

    @Test
    void shouldRefuseAnUnsignedVerdictOrOneSignedWithAnotherKey() throws Exception {
        Path k = key("k");
        Verdict v = verdictFor(new Scenario(tmp), false, k);
        Path unsigned = tmp.resolve("unsigned.json");
        Files.writeString(unsigned, VerdictJson.render(v, null));
        Path otherKey = key("other");
        Path signedByOther = writeSigned(v, otherKey);

        assertThat(VerdictVerifier.verify(unsigned, pkg, VerdictKeys.load(k)).problems()).singleElement()
                .asString().contains("not signed");
        assertThat(VerdictVerifier.verify(signedByOther, pkg, VerdictKeys.load(k)).problems()).singleElement()
                .asString().startsWith("signature: ");
        // and a verdict signed with k, made on evidence checked with another key, is refused too
        Verdict onOther = verdictFor(new Scenario(tmp), false, otherKey);
        assertThat(VerdictVerifier.verify(writeSigned(onOther, k), pkg, VerdictKeys.load(k)).problems()).isNotEmpty()
                .allSatisfy(p -> assertThat(p).contains("was not verified with key " + SigningKey.load(k).keyId()));
    }

    @Test
    void shouldVerifyWithThePublicHalfAndWithAnHmacKey() throws Exception {
        SigningKey ed = SigningKey.generateEd25519();
        Verdict v = verdictFor(new Scenario(tmp), false, ed);
        Path pub = tmp.resolve("verdict.pub.pem");
        ed.writePublic(pub);
        Path file = tmp.resolve("v.json");
        Files.writeString(file, VerdictJson.render(v, VerdictKeys.of(ed)));
        assertThat(VerdictVerifier.verify(file, pkg, VerdictKeys.load(pub)).problems()).isEmpty();
        assertThat(VerdictKeys.load(pub).canSign()).isFalse();

        Path hmac = tmp.resolve("hmac.key");
        SigningKey.generateHmac().writePrivate(hmac);
        v = verdictFor(new Scenario(tmp), false, hmac);
        Files.writeString(file, VerdictJson.render(v, VerdictKeys.load(hmac)));
        assertThat(VerdictVerifier.verify(file, pkg, VerdictKeys.load(hmac)).problems()).isEmpty();
    }

    @Test
    void shouldRefuseAFileThatIsNoVerdict() throws Exception {
        Path file = tmp.resolve("scan.json");
        Files.writeString(file, "{\"schema\":\"release-gates/evidence/v1\"}");

        assertThatThrownBy(() -> VerdictJson.readTree(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown verdict schema 'release-gates/evidence/v1'");
    }

    @Test
    void shouldRenderOneJUnitTestCasePerConditionFailingTheBlockingOnes() throws Exception {
        Verdict v = verdictFor(new Scenario(tmp), true);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(VerdictJUnit.render(v, false))));

        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(v.conditions().size());
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        Element failure = (Element) failures.item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("CVE-2021-44228");
        assertThat(((Element) failure.getParentNode()).getAttribute("classname")).isEqualTo("release-gates.gate.scan");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void shouldRenderStatusReasonsAndPackageHashEscapedInHtml() throws Exception {
        Verdict v = verdictFor(new Scenario(tmp), true);

        String html = VerdictHtml.render(v, "hmac-sha256:0123");

        assertThat(html).contains("id=\"verdict\">BLOCK<").contains(pkgSha).contains("CVE-2021-44228")
                .contains("pkg:maven/&lt;log4j&gt;/log4j-core@2.14.1").doesNotContain("<log4j>")
                .contains("block-at: high").contains("signed by <code>hmac-sha256:0123</code>");
    }
}
