package io.releasegates.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The planted secrets and the decoys of the secret scanner's precision tests. The planted values are generated (with
 * a fixed seed) in the formats the vendors document, so that they look real to the detector without any real, or
 * literal, credential in the sources; each decoy is a kind of text that must raise nothing.
 */
final class SecretCorpus {
    /** A planted file: its path in the package, its text, the rule that must fire, and the secret it holds. */
    record Planted(String path, String text, ScanRule rule, String secret) {
        @Override
        public String toString() {
            return rule.id() + " in " + path;
        }
    }

    /** A decoy file: path and text that must raise no secret finding. */
    record Decoy(String why, String path, String text) {
        @Override
        public String toString() {
            return why + " (" + path + ")";
        }
    }

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    private static final String ALNUM = UPPER + UPPER.toLowerCase() + DIGITS;
    private static final String BASE64 = ALNUM + "+/";
    private static final String HEX = "0123456789abcdef";

    private final Random random = new Random(20261206L);
    private final List<Planted> planted = new ArrayList<>();

    private SecretCorpus() {
    }

    static List<Planted> planted() {
        SecretCorpus c = new SecretCorpus();
        c.build();
        return List.copyOf(c.planted);
    }

    private String r(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        // generated ids always hold a digit, as the vendors' do
        return alphabet.contains("0") && b.chars().noneMatch(Character::isDigit) ? b.replace(0, 1, "7").toString() : b.toString();
    }

    private String password() {
        return r(UPPER, 2) + r(ALNUM, 6) + "!" + r(DIGITS, 2);
    }

    private String pemBody() {
        StringBuilder b = new StringBuilder("MII");
        for (int line = 0; line < 6; line++) {
            b.append(r(BASE64, 61)).append('\n');
        }
        return b.toString();
    }

    private void add(String path, String template, ScanRule rule, String secret) {
        planted.add(new Planted(path, template.replace("@S@", secret), rule, secret));
    }

    private void build() {
        String c = "WEB-INF/classes/";
        add(c + "application.properties", "server.port=8080\nspring.datasource.password=@S@\n", ScanRule.SECRET_PASSWORD, password());
        add(c + "mail.properties", "spring.mail.username=shop\nspring.mail.password=\"@S@\"\n", ScanRule.SECRET_PASSWORD, password());
        add(c + "db.properties", "jdbc.url=jdbc:postgresql://db.prod:5432/shop?user=shop&password=@S@&ssl=true\n", ScanRule.SECRET_PASSWORD, r(ALNUM, 14));
        add(c + "mysql.properties", "datasource.url=jdbc:mysql://shop:@S@@db.internal:3306/shop\n", ScanRule.SECRET_PASSWORD, r(ALNUM, 12));
        add(c + "oracle.properties", "oracle.url=jdbc:oracle:thin:scott/@S@@//db:1521/ORCL\n", ScanRule.SECRET_PASSWORD, r(ALNUM, 11));
        add(c + "mssql.properties", "mssql.url=jdbc:sqlserver://db:1433;databaseName=shop;user=shop;password=@S@\n", ScanRule.SECRET_PASSWORD, r(ALNUM, 13));
        add(c + "aws.properties", "aws.accessKeyId=@S@\naws.region=eu-west-1\n", ScanRule.SECRET_AWS_KEY, "AKIA" + r(UPPER + DIGITS, 16));
        add(c + "aws-secret.properties", "aws.secretAccessKey=@S@\n", ScanRule.SECRET_AWS_KEY, r(BASE64, 40));
        add(c + "jwt.properties", "jwt.secret=@S@\njwt.expiration=3600\n", ScanRule.SECRET_PASSWORD, r(ALNUM, 32));
        add(c + "security.properties", "security.jwt.signing-key=@S@\n", ScanRule.SECRET_PASSWORD, r(BASE64, 43) + "=");
        add(c + "application.yml", "spring:\n  datasource:\n    username: shop\n    password: '@S@'\n", ScanRule.SECRET_PASSWORD, password());
        add(c + "github.yml", "github:\n  token: @S@\n", ScanRule.SECRET_TOKEN, "ghp_" + r(ALNUM, 36));
        add(c + "gitlab.yml", "gitlab:\n  api-token: @S@\n", ScanRule.SECRET_TOKEN, "glpat-" + r(ALNUM + "_-", 20));
        add(c + "slack.yml", "slack:\n  bot-token: @S@\n", ScanRule.SECRET_TOKEN, "xoxb-" + r(DIGITS, 12) + "-" + r(DIGITS, 13) + "-" + r(ALNUM, 24));
        add(c + "slack-hook.yml", "alerts:\n  webhook: https://@S@\n", ScanRule.SECRET_TOKEN,
                "hooks.slack.com/services/T" + r(UPPER + DIGITS, 8) + "/B" + r(UPPER + DIGITS, 10) + "/" + r(ALNUM, 24));
        add(c + "stripe.yml", "stripe:\n  secret-key: @S@\n", ScanRule.SECRET_TOKEN, "sk_" + "live_" + r(ALNUM, 24));
        add(c + "oauth.yml", "app:\n  oauth:\n    client-secret: \"@S@\"\n", ScanRule.SECRET_PASSWORD, r(ALNUM + "-_", 30));
        add(c + "users.yml", "users:\n  - name: ops\n    password: @S@\n", ScanRule.SECRET_PASSWORD, password());
        add("META-INF/context.xml", "<Context>\n  <Resource name=\"jdbc/shop\" auth=\"Container\" type=\"javax.sql.DataSource\" username=\"shop\""
                + " password=\"@S@\" url=\"jdbc:postgresql://db/shop\"/>\n</Context>\n", ScanRule.SECRET_PASSWORD, password());
        add(c + "applicationContext.xml", "<beans><bean id=\"ds\" class=\"com.zaxxer.hikari.HikariDataSource\">\n"
                + "  <property name=\"password\" value=\"@S@\"/>\n</bean></beans>\n", ScanRule.SECRET_PASSWORD, password());
        add(c + "settings.xml", "<settings><servers><server><id>nexus</id><username>deploy</username>\n"
                + "<password>@S@</password></server></servers></settings>\n", ScanRule.SECRET_PASSWORD, password());
        add("WEB-INF/web.xml", "<web-app><servlet><init-param>\n<param-name>apiKey</param-name>\n<param-value>@S@</param-value>\n"
                + "</init-param></servlet></web-app>\n", ScanRule.SECRET_PASSWORD, r(ALNUM, 24));
        add("etc/jetty-ssl.xml", "<Configure id=\"ssl\" class=\"org.eclipse.jetty.util.ssl.SslContextFactory\">\n"
                + "  <Set name=\"keyStorePassword\">@S@</Set>\n</Configure>\n", ScanRule.SECRET_PASSWORD, password());
        add("conf/server.xml", "<Server><Service><Connector port=\"8443\" SSLEnabled=\"true\" keystoreFile=\"conf/ks.p12\""
                + " keystorePass=\"@S@\" scheme=\"https\"/></Service></Server>\n", ScanRule.SECRET_PASSWORD, password());
        add("conf/tomcat-users.xml", "<tomcat-users>\n  <role rolename=\"manager-gui\"/>\n"
                + "  <user username=\"admin\" password=\"@S@\" roles=\"manager-gui\"/>\n</tomcat-users>\n", ScanRule.SECRET_DEFAULT_CREDENTIALS, "admin");
        add(".env", "DB_HOST=db.internal\nDB_PASSWORD=@S@\n", ScanRule.SECRET_PASSWORD, password());
        add("deploy/.env", "export STRIPE_RESTRICTED_KEY=@S@\n", ScanRule.SECRET_TOKEN, "rk_" + "live_" + r(ALNUM, 24));
        add("config/.env.production", "JWT_SECRET=\"@S@\"\n", ScanRule.SECRET_PASSWORD, r(ALNUM, 40));
        add(c + "gcp/service-account.json", "{\n  \"type\": \"service_account\",\n  \"project_id\": \"shop-prod\",\n  \"private_key_id\": \""
                + r(HEX, 40) + "\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n@S@-----END PRIVATE KEY-----\\n\",\n"
                + "  \"client_email\": \"deploy@shop-prod.iam.gserviceaccount.com\"\n}\n", ScanRule.SECRET_PRIVATE_KEY,
                pemBody().replace("\n", "\\n"));
        add(c + "maps.json", "{\"maps\":{\"provider\":\"google\",\"apiKey\":\"@S@\"}}", ScanRule.SECRET_TOKEN, "AIza" + r(ALNUM + "_-", 35));
        add(c + "appsettings.json", "{\n  \"ConnectionStrings\": {\n    \"Storage\": \"DefaultEndpointsProtocol=https;AccountName=shopprod;"
                + "AccountKey=@S@;EndpointSuffix=core.windows.net\"\n  }\n}\n", ScanRule.SECRET_TOKEN, r(BASE64, 86) + "==");
        add(c + "oauth-client.json", "{\"installed\":{\"client_id\":\"" + r(DIGITS, 12) + "-" + r(ALNUM, 32)
                + ".apps.googleusercontent.com\",\"client_secret\":\"@S@\"}}", ScanRule.SECRET_TOKEN, "GOCSPX-" + r(ALNUM + "_-", 28));
        add(c + "keys/server.key", "-----BEGIN RSA PRIVATE KEY-----\n@S@-----END RSA PRIVATE KEY-----\n", ScanRule.SECRET_PRIVATE_KEY, pemBody());
        add(c + "keys/pkcs8.pem", "-----BEGIN PRIVATE KEY-----\n@S@-----END PRIVATE KEY-----\n", ScanRule.SECRET_PRIVATE_KEY, pemBody());
        add(c + "keys/ec.pem", "-----BEGIN EC PRIVATE KEY-----\n@S@-----END EC PRIVATE KEY-----\n", ScanRule.SECRET_PRIVATE_KEY, pemBody());
        add(c + "keys/encrypted.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n@S@-----END ENCRYPTED PRIVATE KEY-----\n", ScanRule.SECRET_PRIVATE_KEY, pemBody());
        add("home/deploy/.ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n@S@-----END OPENSSH PRIVATE KEY-----\n", ScanRule.SECRET_PRIVATE_KEY, pemBody());
        add(c + "keys/release.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n@S@=abcd\n-----END PGP PRIVATE KEY BLOCK-----\n", ScanRule.SECRET_PRIVATE_KEY, pemBody());
        add("build/.npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=@S@\n", ScanRule.SECRET_TOKEN, "npm_" + r(ALNUM, 36));
        add("frontend/.npmrc", "//nexus.acme.internal/repository/npm/:_authToken=@S@\n", ScanRule.SECRET_CREDENTIAL_FILE,
                r(HEX, 8) + "-" + r(HEX, 4) + "-" + r(HEX, 4) + "-" + r(HEX, 4) + "-" + r(HEX, 12));
        add("home/deploy/.netrc", "machine github.com\n  login bob\n  password @S@\n", ScanRule.SECRET_CREDENTIAL_FILE, password());
        add("home/deploy/.git-credentials", "https://bob:@S@@gitlab.acme.com\n", ScanRule.SECRET_CREDENTIAL_FILE, password());
        add("home/deploy/.pypirc", "[pypi]\nusername = __token__\npassword = @S@\n", ScanRule.SECRET_CREDENTIAL_FILE, "pypi-AgEI" + r(ALNUM, 60));
        add("etc/realm.properties", "# user: password, roles\n@S@: admin,server-administrator,content-administrator\n",
                ScanRule.SECRET_DEFAULT_CREDENTIALS, "admin");
        add("conf/credentials.properties", "activemq.username=system\nactivemq.password=@S@\n", ScanRule.SECRET_DEFAULT_CREDENTIALS, "manager");
        add("etc/users-realm.properties", "alice: @S@,user\n", ScanRule.SECRET_PASSWORD, password());
        add(c + "storage.properties", "report.url=https://shop.blob.core.windows.net/reports?sv=2022-11-02&ss=b&srt=o&sp=r"
                + "&se=2030-01-01T00:00:00Z&sig=@S@\n", ScanRule.SECRET_TOKEN, r(ALNUM, 40) + "%3D");
        add(c + "client.properties", "reports.bearer=@S@\n", ScanRule.SECRET_TOKEN,
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + r(ALNUM, 60) + "." + r(ALNUM + "_-", 43));
        add("bin/deploy.sh", "#!/bin/sh\nexport GH_TOKEN=@S@\n./release.sh\n", ScanRule.SECRET_TOKEN, "github_pat_" + r(ALNUM, 22) + "_" + r(ALNUM, 59));
        add(c + "db_dev.properties", "db.password=@S@\n", ScanRule.SECRET_PASSWORD, password());
        add("etc/users.properties", "# Karaf users: user = password, groups\nkaraf = @S@,_g_:admingroup\n",
                ScanRule.SECRET_DEFAULT_CREDENTIALS, "karaf");
        add(c + "webhook.properties", "stripe.webhook-signing=@S@\n", ScanRule.SECRET_TOKEN, "whsec_" + r(ALNUM, 32));
    }

    static List<Decoy> decoys() {
        String lib = "WEB-INF/lib/tomcat-embed-core-10.1.24.jar!/";
        return List.of(
                new Decoy("a library's message bundle", lib + "org/apache/catalina/realm/LocalStrings.properties",
                        "realmBase.credentialNotDelegated=Credential for user [{0}] has not been delegated though storing was requested\n"
                                + "jaasRealm.password=The password for the user is invalid\n"
                                + "realmBase.authenticateSuccess=Username [{0}] successfully authenticated\n"
                                + "spnegoAuthenticator.token=Kx9mQ2vLp7wZ\n"),
                new Decoy("a library's localised message bundle", lib + "org/apache/catalina/authenticator/LocalStrings_fr.properties",
                        "authenticator.token=Le jeton est invalide\nauthenticator.password=Mot de passe\n"),
                new Decoy("the application's own message bundle", "WEB-INF/classes/messages.properties",
                        "login.password=Password\nreset.token.expired=Your reset token has expired.\nlogin.secret=Secret\n"),
                new Decoy("a locale variant of a bundle", "WEB-INF/classes/i18n/ui_de.properties", "login.password=Passwort\n"),
                new Decoy("placeholders", "WEB-INF/classes/application.yml",
                        "spring:\n  datasource:\n    password: ${DB_PASSWORD}\njwt:\n  secret: ${JWT_SECRET:}\napi:\n  token: \"{{ vault.token }}\"\n"
                                + "  api-key: <your-api-key>\n  client-secret: ENC(AbC123xYz==)\nmail:\n  password: '@mail.password@'\n"
                                + "ldap:\n  password:\nsmtp:\n  password: changeme\nredis:\n  password: \"********\"\n"
                                + "vault:\n  token: vault:secret/data/shop#token\n"),
                new Decoy("keys that name no secret", "WEB-INF/classes/security.properties",
                        "password.min-length=12\ntoken.expiry=3600\njwt.token-header=Authorization\n"
                                + "password.encoder=org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder\n"
                                + "secret.store.type=vault\nsecurity.token-uri=https://auth.acme.com/oauth/token\ntoken.ttl=30m\n"),
                new Decoy("sentences as values", "WEB-INF/classes/hints.yml",
                        "token: This token is issued by the identity provider.\npassword: Ask your administrator for a new one\n"),
                new Decoy("comments", "WEB-INF/classes/old.properties", "# password=Hunter2Hunter2\n! secret=Kx9mQ2vLp7wZ\n"),
                new Decoy("documentation examples", "docs/README.md",
                        "Set `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE` and `AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`.\n"
                                + "keystore password: changeit\nConnect with postgres://user:password@localhost/db\n"
                                + "password=Sup3rS3cretDocs\n"),
                new Decoy("a library's documentation", "WEB-INF/lib/aws-sdk-1.0.jar!/docs/usage.txt",
                        "token=ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n"),
                new Decoy("a library's test data", "BOOT-INF/lib/netty-handler-4.1.jar!/test/resources/server.key",
                        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ\n-----END PRIVATE KEY-----\n"),
                new Decoy("a library's sample configuration", "lib/aws-java-sdk-1.12.jar!/samples/credentials.properties",
                        "aws.secretAccessKey=Zq8rT2nWz5Vq8rT2nWz5Vq8rT2nWz5Vq8rT2nWz5\n"),
                new Decoy("commented-out default users", "conf/tomcat-users.xml",
                        "<tomcat-users>\n<!--\n  <user username=\"admin\" password=\"<must-be-changed>\" roles=\"manager-gui\"/>\n"
                                + "  <user username=\"tomcat\" password=\"s3cret\" roles=\"tomcat\"/>\n-->\n</tomcat-users>\n"),
                new Decoy("XML prose and types", "WEB-INF/classes/beans.xml",
                        "<beans><description>The password must be at least 8 characters.</description>\n"
                                + "<bean id=\"enc\" class=\"org.acme.Enc\"><property name=\"passwordEncoder\" ref=\"encoder\"/></bean>\n"
                                + "<entry key=\"password.hint\">Use at least twelve characters</entry></beans>\n"),
                new Decoy("configuration metadata", "BOOT-INF/lib/spring-boot-autoconfigure-3.3.0.jar!/META-INF/spring-configuration-metadata.json",
                        "{\"properties\":[{\"name\":\"spring.datasource.password\",\"type\":\"java.lang.String\","
                                + "\"description\":\"Login password of the database.\"}]}"),
                new Decoy("certificates and public keys", "WEB-INF/classes/certs/ca.pem",
                        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0\n-----END CERTIFICATE-----\n"
                                + "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEmEhyxhHnSkk3kx8UGHLTpyfLcT2mB9V5xTj6kZyWcvwQpRTTeWWBtZ9NwL1o\n-----END PUBLIC KEY-----\n"),
                new Decoy("a key header mentioned in text", "WEB-INF/classes/keys/README.txt",
                        "Paste the key starting with -----BEGIN PRIVATE KEY----- into the vault, never here.\n"),
                new Decoy("an example environment file", "WEB-INF/classes/.env.example", "DB_PASSWORD=your-password-here\nAPI_TOKEN=\n"),
                new Decoy("a library's test JDBC URL", "WEB-INF/lib/h2-2.2.224.jar!/org/h2/test/config.properties",
                        "url=jdbc:h2:mem:test;USER=sa;PASSWORD=Kx9mQ2vLp7wZ\n"),
                new Decoy("a library's own build file", "BOOT-INF/lib/HdrHistogram-2.2.2.jar!/META-INF/maven/org.hdrhistogram/HdrHistogram/pom.xml",
                        "<project><build><replacements><replacement><token>\\$BUILD_TIME\\$</token><value>${maven.build.timestamp}</value>"
                                + "</replacement></replacements></build></project>\n"),
                // shapes of ActiveMQ 5.18.3's activemq-all jar (corpus), which lies at the distribution's root, not in lib/
                new Decoy("a build descriptor of a module shaded into a jar outside a library folder",
                        "apache-activemq-5.18.3/activemq-all-5.18.3.jar!/META-INF/maven/org.apache.activemq/activemq-jaas/pom.xml",
                        "<project><build><plugins><plugin><configuration><environmentVariables>\n"
                                + "<ACTIVEMQ_ENCRYPTION_PASSWORD>activemq</ACTIVEMQ_ENCRYPTION_PASSWORD>\n"
                                + "</environmentVariables></configuration></plugin></plugins></build></project>\n"),
                // shape of tika-core 2.4.1's mime magic (Jackrabbit's WAR, corpus): PEM headers as match strings
                new Decoy("PEM headers as strings in a library's XML", "WEB-INF/lib/tika-core-2.4.1.jar!/org/apache/tika/mime/tika-mimetypes.xml",
                        "<mime-type type=\"application/x-x509-key\"><magic priority=\"50\">\n"
                                + "<match value=\"-----BEGIN PRIVATE KEY-----\" type=\"string\" offset=\"0\"/>\n"
                                + "<match value=\"-----BEGIN RSA PRIVATE KEY-----\" type=\"string\" offset=\"0\"/>\n"
                                + "</magic><glob pattern=\"*.key\"/><sub-class-of type=\"text/plain\"/>"
                                + "<acronym>PEM</acronym><comment>Privacy Enhanced Mail private key, encoded with base64"
                                + " and wrapped between BEGIN and END lines as described in RFC 7468 and its predecessors"
                                + "</comment></mime-type>\n<!-- -----END of the key types ----- -->\n"),
                // shapes of Axis2 1.7.9's WAR and Jackrabbit 2.20.10's WAR (corpus)
                new Decoy("a usage text's example URL on a documentation host", "WEB-INF/lib/jaxws-tools-2.2.6.jar!/com/sun/tools/ws/resources/wscompile.properties",
                        "wsimport.help=\\\n\\  -Xauthfile   file to carry authorization information in the format \\n\\\n"
                                + "\\               http://username:password@example.org/stock?wsdl\\n\\\n"),
                new Decoy("a library's test-harness configuration", "WEB-INF/lib/jackrabbit-core-2.20.10.jar!/org/apache/jackrabbit/core/JackrabbitRepositoryStub.properties",
                        "javax.jcr.tck.superuser.name=admin\njavax.jcr.tck.superuser.pwd=admin\n"),
                new Decoy("a library's *Text bundle with labels", "BOOT-INF/lib/org.eclipse.jgit-6.10.0.jar!/org/eclipse/jgit/internal/JGitText.properties",
                        "credentialPassword=Password\ncredentialPassphrase=Passphrase\n"),
                new Decoy("labels in the application's own form", "WEB-INF/classes/form.properties",
                        "login.password=Password\nlogin.token=Token\n"),
                new Decoy("URLs without credentials", "WEB-INF/classes/links.properties",
                        "docs.url=https://docs.acme.com:8443/guide?token-name=x\nschema=http://www.w3.org/2001/XMLSchema\n"),
                // shapes of Tomcat 9.0.31's bin/tomcat-native.tar.gz and commons-daemon-native.tar.gz (corpus)
                new Decoy("a bundled native source distribution's Ant build", "bin/tomcat-native.zip!/tomcat-native-1.2.23-src/build.xml",
                        "<project name=\"tcn\"><get src=\"${base.path}/x.tar.gz\" proxyuser=\"${proxy.user}\" proxypassword=\"${proxy.password}\"/>\n"
                                + "<copy><filterset><filter token=\"VERSION\" value=\"${version}\"/>\n"
                                + "<filter token=\"VERSION_NUMBER\" value=\"${version.number}\"/></filterset></copy></project>\n"),
                new Decoy("Ant filter tokens in the release's own build file", "build/build.xml",
                        "<project><filterset><filter token=\"VERSION_BUILT\" value=\"${TODAY} ${TSTAMP}\"/>"
                                + "<filter token=\"BUILD_NUMBER\" value=\"42\"/></filterset></project>\n"),
                new Decoy("a release script's option parsing", "bin/mkdist.sh",
                        "for a in \"$@\"; do\n    case \"$a\" in\n        --passphrase=*  )\n            gpgopts=\"$gpgopts --passphrase $a\"\n"
                                + "        ;;\n        --password=?* )\n            pw=$a\n        ;;\n    esac\ndone\n"),
                // shapes of JSPWiki 2.10.2's templates/default.properties and default_zh_CN.properties (corpus)
                new Decoy("a message bundle recognised by its sentences, not its name", "WEB-INF/classes/templates/default.properties",
                        "login.help=Please sign in with your login name and password.\nlogin.password=Password\n"
                                + "login.lostpw=Lost your password?\nlogin.lostpw.submit=Reset password !\n"
                                + "prefs.password=Password *\nprefs.password.description=Sets your account password. It may not be blank.\n"
                                + "prefs.password2=Password verify *\nprefs.password2.description=Re-type your password for verification.\n"
                                + "login.nopassword=Don&#8217;t have an account ?\nprefs.email.description= (optional). If you lose your password, \\\n"
                                + "    you can ask to have a new, random password sent to this address.\n"
                                + "login.lostpw.reset.login={0} to log in once you retrieve your new password.\n"),
                new Decoy("a Chinese message bundle written with unicode escapes", "WEB-INF/classes/templates/default_zh_CN.properties",
                        "login.login=\\u767b\\u5f55\\u540d\nlogin.password=\\u5bc6\\u7801\nprefs.password=\\u5bc6\\u7801 *\n"),
                // shapes of real packages outside the corpus list (Tika server 2.9.1, Jetty 12.0.15, Keycloak 17.0.0)
                new Decoy("stand-in values named so", "tika-server-standard-2.9.1.jar!/org/apache/tika/language/translate/impl/translator.google.properties",
                        "translator.client-secret=dummy-secret\ntranslator.api-key=dummy-key\ntranslator.token=example_token\n"),
                new Decoy("a shaded library's build file at the top of the release jar",
                        "META-INF/maven/com.healthmarketscience.jackcess/jackcess/pom.xml",
                        "<project><build><replacements><replacement><token>_general_(method|class|field)_</token>"
                                + "<value>&lt;span&gt;General use&lt;/span&gt;</value></replacement></replacements></build></project>\n"),
                new Decoy("a replacer plugin's search token in the release's own build file",
                        "keycloak-17.0.0/themes/keycloak.v2/META-INF/maven/org.keycloak/keycloak-admin-ui/pom.xml",
                        "<project><build><replacements>\n  <replacement>\n    <token>src=\"/</token>\n"
                                + "    <value>src=\"${resourceUrl}/</value>\n  </replacement>\n</replacements></build></project>\n"),
                new Decoy("a type map whose keys are class names", "keycloak-17.0.0/modules/openshift-restclient-java-8.0.0.Final.jar!/k8stypes.properties",
                        "com.openshift.internal.restclient.model.Secret=v1.Secret\n"
                                + "com.openshift.internal.restclient.model.oauth.OAuthAccessToken=v1.OAuthAccessToken,oauth.openshift.io/v1.OAuthAccessToken\n"),
                new Decoy("escaped Chinese UI words under a name that says nothing", "WEB-INF/classes/ui.properties",
                        "login.password=\\u5bc6\\u7801\nreset.token=\\u91cd\\u7f6e\\u4ee4\\u724c\n"));
    }
}
