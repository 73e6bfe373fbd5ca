package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Planted secrets in every format are all found and masked; decoys raise nothing. */
class SecretPrecisionTest {
    private static final Fingerprints KEY = new Fingerprints("test-installation-key-0123456789".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldPlantAtLeastFortySecretsAcrossFormats() {
        List<SecretCorpus.Planted> planted = SecretCorpus.planted();
        assertThat(planted).hasSizeGreaterThanOrEqualTo(40);
        assertThat(planted).extracting(SecretCorpus.Planted::rule).contains(ScanRule.SECRET_PASSWORD, ScanRule.SECRET_TOKEN,
                ScanRule.SECRET_AWS_KEY, ScanRule.SECRET_PRIVATE_KEY, ScanRule.SECRET_CREDENTIAL_FILE,
                ScanRule.SECRET_DEFAULT_CREDENTIALS);
    }

    @TestFactory
    Stream<DynamicTest> shouldFindEveryPlantedSecretAndNeverShowIt() {
        return SecretCorpus.planted().stream().map(p -> dynamicTest(p.toString(), () -> {
            List<SecretScanner.Hit> hits = SecretScanner.scan(p.path(), p.text(), KEY);
            assertThat(hits).as("hits in %s", p.path()).extracting(SecretScanner.Hit::rule).contains(p.rule());
            String secretPart = p.secret().length() > 8 ? p.secret().substring(p.secret().length() - 8) : p.secret();
            for (SecretScanner.Hit h : hits) {
                assertThat(h.masked()).doesNotContain(secretPart).contains("********");
                assertThat(h.fingerprint()).matches("[0-9a-f]{16}");
                assertThat(h.toString()).doesNotContain(secretPart);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> shouldRaiseNothingOnDecoys() {
        return SecretCorpus.decoys().stream().map(d -> dynamicTest(d.toString(),
                () -> assertThat(SecretScanner.scan(d.path(), d.text(), KEY)).as(d.why()).isEmpty()));
    }

    @Test
    void shouldReadAnXmlAttributeValueOnlyToItsClosingQuote() {
        List<SecretScanner.Hit> hits = SecretScanner.scan("conf/tomcat-users.xml",
                "<tomcat-users><user username=\"deploy\" password=\"Ab1cD2eF3g\" roles=\"manager-script,admin\"/></tomcat-users>", KEY);
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.rule()).isEqualTo(ScanRule.SECRET_PASSWORD);
            assertThat(h.masked()).endsWith("(10 chars)");
            assertThat(h.fingerprint()).isEqualTo(KEY.of("Ab1cD2eF3g"));
        });
    }

    @Test
    void shouldReadShellAssignmentsButNotOptionPatterns() {
        List<SecretScanner.Hit> hits = SecretScanner.scan("bin/release.sh", "#!/bin/sh\n"
                + "case \"$a\" in\n  --passphrase=*  ) gpgopts=\"--passphrase $a\" ;;\n  --token=?*) t=$a ;;\nesac\n"
                + "local DB_PASSWORD=Kq4wE7rT1yZ\nreadonly API_TOKEN=Zx8cV5bN2mQ\nexport SMTP_PASSWORD=Lp3oI9uY6tR\n", KEY);
        assertThat(hits).extracting(SecretScanner.Hit::key).containsExactly("DB_PASSWORD", "API_TOKEN", "SMTP_PASSWORD");
    }

    @Test
    void shouldTellAPropertiesMessageBundleByItsContent() {
        StringBuilder bundle = new StringBuilder();
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            bundle.append("form.field").append(i).append(".help=Type the value of field ").append(i).append(" here.\n");
            config.append("pool.size").append(i).append('=').append(i + 4).append('\n');
        }
        String pair = "prefs.password=Kq4wE7rT1y *\n";
        assertThat(SecretScanner.scan("WEB-INF/classes/ui.properties", bundle + pair, KEY)).isEmpty();
        assertThat(SecretScanner.scan("WEB-INF/classes/app.properties", config + pair, KEY)).singleElement()
                .satisfies(h -> assertThat(h.key()).isEqualTo("prefs.password"));
    }

    @Test
    void shouldTellDefaultCredentialsFromOtherPasswords() {
        assertThat(SecretScanner.scan("etc/realm.properties", "jetty: jetty,user\nops: Kq4wE7rT1y!,admin\nguest: MD5:164c88b302622e17050af52c89945d44,user\n", KEY))
                .extracting(SecretScanner.Hit::rule)
                .containsExactly(ScanRule.SECRET_DEFAULT_CREDENTIALS, ScanRule.SECRET_PASSWORD, ScanRule.SECRET_PASSWORD);
        assertThat(SecretScanner.scan("conf/credentials.properties", "guest.password=password\n", KEY))
                .extracting(SecretScanner.Hit::rule).containsExactly(ScanRule.SECRET_DEFAULT_CREDENTIALS);
    }

    @Test
    void shouldReadARealmNamedConfigurationAsProperties() {
        // the shape of Jetty 12.0.15's etc/jdbcRealm.properties: the realm's database settings, not a list of users
        String config = "jdbcdriver = org.gjt.mm.mysql.Driver\nurl = jdbc:mysql://localhost/jetty\nusername = jetty\n"
                + "password = %s\nusertable = users\nusertablepasswordfield = pwd\nuserroletable = user_roles\n";
        assertThat(SecretScanner.scan("jetty-home-12.0.15/etc/jdbcRealm.properties", config.formatted("jetty"), KEY))
                .singleElement().satisfies(h -> {
                    assertThat(h.rule()).isEqualTo(ScanRule.SECRET_DEFAULT_CREDENTIALS);
                    assertThat(h.key()).isEqualTo("password");
                    assertThat(h.line()).isEqualTo(4);
                });
        assertThat(SecretScanner.scan("etc/jdbcRealm.properties", config.formatted("Kq4wE7rT1yZ"), KEY))
                .extracting(SecretScanner.Hit::rule, SecretScanner.Hit::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ScanRule.SECRET_PASSWORD, "password"));
        // a real list of users is still read as one
        assertThat(SecretScanner.scan("etc/jdbcRealm.properties", "admin: Kq4wE7rT1y!,admin\n", KEY))
                .extracting(SecretScanner.Hit::rule).containsExactly(ScanRule.SECRET_PASSWORD);
    }

    @Test
    void shouldStillReadATokenElementThatIsNoSearchText() {
        assertThat(SecretScanner.scan("WEB-INF/classes/notify.xml",
                "<notify><token>Zx8cV5bN2mQkLp3o</token><channel>ops</channel></notify>", KEY))
                .extracting(SecretScanner.Hit::key).containsExactly("token");
        assertThat(SecretScanner.scan("WEB-INF/classes/app.properties", "app.db.Password=Kq4wE7rT1yZ\nstripe.token=sample-Vb7nM3xQ9wLp\n", KEY))
                .as("a setting with a capitalised last word and a value with an innocent word are still secrets")
                .extracting(SecretScanner.Hit::key).containsExactly("app.db.Password", "stripe.token");
    }
}
