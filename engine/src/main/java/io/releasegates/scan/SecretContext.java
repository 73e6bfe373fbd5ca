package io.releasegates.scan;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a text file sits and what it is, which decides which secret detectors apply to it. Third-party libraries
 * ship message bundles whose keys name tokens and passwords (values are sentences), documentation with example
 * keys and test data with throw-away key pairs: none of it is a leaked secret of the release.
 *
 * @param format  how key/value pairs are written in it
 * @param library inside a jar that lives in a library folder ({@code WEB-INF/lib}, {@code BOOT-INF/lib}, {@code lib/}…)
 * @param docs    documentation (README, *.md, *.html, *.txt, a docs/ or examples/ folder)
 * @param bundle  a message bundle (LocalStrings*.properties, messages*.properties, locale variants, i18n folders)
 * @param test    test data (a test/, tests/, testdata/ or fixtures/ folder)
 * @param build   build metadata: a library's own {@code META-INF/maven/**} (its pom.xml, pom.properties), or a build
 *                file (build.xml, Makefile, *.sh…) of a source distribution bundled as an archive ({@code *-src/})
 * @param descriptor the Maven build descriptor ({@code META-INF/maven/**}) of a jar nested in the package, wherever the
 *                jar lies: a copy of the pom the module was built from, read by no one at run time (test set-ups'
 *                {@code <password>} elements, replacer plugins' {@code <token>}s), never the release's configuration
 * @param foreign inside a library jar that is not one of the release's own modules: the release's file name carries a
 *                version ({@code apache-artemis-2.19.0-bin.tar.gz}), the jar's name carries another one
 *                ({@code lib/jgroups-3.6.13.Final.jar}, where {@code lib/artemis-server-2.19.0.jar} is the release's own).
 *                Its files are a public library's resources (JGroups' sample protocol stacks with
 *                {@code store_password="changeit"}), not the release's configuration
 */
record SecretContext(Format format, boolean library, boolean docs, boolean bundle, boolean test, boolean build,
        boolean descriptor, boolean foreign) {

    /** Syntax of the file's key/value pairs. */
    enum Format { PROPERTIES, YAML, ENV, INI, JSON, XML, NETRC, REALM, PLAIN }

    // "modules": JBoss Modules' tree (WildFly, Keycloak 17: modules/system/layers/base/org/jgroups/main/*.jar)
    private static final Set<String> LIBRARY_FOLDERS = Set.of("lib", "libs", "jars", "ext", "endorsed", "lib-provided",
            "bundles", "plugins", "modules");
    private static final Set<String> DOC_FOLDERS = Set.of("doc", "docs", "javadoc", "apidocs", "examples", "example",
            "samples", "sample", "site", "manual");
    private static final Set<String> TEST_FOLDERS = Set.of("test", "tests", "testdata", "test-data", "testing",
            "fixtures", "test-fixtures", "testfixtures", "testresources", "test-resources");
    private static final Set<String> DOC_SUFFIXES = Set.of(".md", ".markdown", ".adoc", ".asciidoc", ".rst", ".html",
            ".htm", ".txt", ".textile");
    private static final Set<String> I18N_FOLDERS = Set.of("i18n", "l10n", "lang", "locale", "locales", "messages");
    // LocalStrings_fr.properties, messages_pt_BR.properties, Bundle_zh_Hant_TW.properties; the language must be an
    // ISO 639 code, so that db_dev.properties or aws_key.properties stay configuration
    // (reluctant, so that default_zh_CN yields "zh", not "cn")
    private static final Pattern LOCALE_VARIANT = Pattern.compile(".*?_([a-z]{2})(_[A-Za-z]{2,4}){0,2}\\.properties");
    private static final Set<String> LANGUAGES = Set.of(java.util.Locale.getISOLanguages());
    // LocalStrings, ValidationMessages, *Bundle, JGitText / UIText (but not context.properties)
    private static final Pattern BUNDLE_NAME = Pattern.compile(
            ".*(strings|messages|message|bundle|resources|labels|errors|i18n|nls)[^/]*\\.properties|(?!.*context).*texts?(_[^/]*)?\\.properties");
    // Jetty/Karaf realm files: realm.properties, jetty-realm.properties, Karaf's users.properties
    private static final Pattern REALM_NAME = Pattern.compile(".*realm[^/]*\\.properties|([a-z]+-)?users\\.properties");

    private static final Pattern TEST_HARNESS = Pattern.compile(".*(stub|mock)[^/]*\\.(properties|xml|ya?ml|json)");
    // a bundled source distribution's root folder: tomcat-native-1.2.23-src/, commons-daemon-1.2.2-native-src/
    private static final Pattern SOURCE_ROOT = Pattern.compile("[^/]+-(src|source|sources)/.*");
    private static final Set<String> BUILD_FILES = Set.of("build.xml", "pom.xml", "build.gradle", "build.gradle.kts",
            "makefile", "makefile.in", "configure", "configure.ac", "cmakelists.txt", "build.properties.default");

    // a version in a file name: "-" then digits with at least one dot (2.19.0, 3.6.13 of 3.6.13.Final, 9.4.35 of
    // 9.4.35.v20201120); the last one, so that log4j-1.2-api-2.17.1 yields 2.17.1
    private static final Pattern NAME_VERSION = Pattern.compile("-(\\d+(?:\\.\\d+)+)");

    /**
     * The release package a file belongs to, read once per package: its file name in lower case and the version its
     * own modules carry ({@link #releaseVersion}); both empty when unknown.
     */
    record Release(String lowerName, String version) {
        static final Release UNKNOWN = new Release("", "");

        static Release of(String packageFileName) {
            return new Release(packageFileName.toLowerCase(Locale.ROOT), releaseVersion(packageFileName));
        }
    }

    /** The context of the file at {@code path} (an entry path as the walker gives it: {@code a.war!/WEB-INF/lib/b.jar!/x}). */
    static SecretContext of(String path) {
        return of(path, Release.UNKNOWN);
    }

    /**
     * The version a release's own modules carry: the last version in the package's file name
     * ({@code apache-artemis-2.19.0-bin.tar.gz}: 2.19.0, {@code shop-1.4-SNAPSHOT.war}: 1.4), empty when it has none.
     */
    static String releaseVersion(String packageFileName) {
        java.util.regex.Matcher m = NAME_VERSION.matcher(packageFileName);
        String version = "";
        while (m.find()) {
            version = m.group(1);
        }
        return version;
    }

    /**
     * Whether a jar named {@code jarName} is a library of another version than the release's ({@code releaseVersion},
     * see {@link #releaseVersion}). Unknown is never foreign: without a version on either side, the jar may be the
     * release's own module and its files stay searched.
     */
    static boolean foreignJar(String jarName, String releaseVersion) {
        if (releaseVersion.isEmpty() || releaseVersion(jarName).isEmpty()) {
            return false;
        }
        String needle = "-" + releaseVersion;
        for (int i = jarName.indexOf(needle); i >= 0; i = jarName.indexOf(needle, i + 1)) {
            int end = i + needle.length();
            // the release's version, not a longer one that starts with it (2.19.0 is not 2.19.01 or 2.19.0.1)
            boolean longer = end < jarName.length() && (Character.isDigit(jarName.charAt(end))
                    || jarName.charAt(end) == '.' && end + 1 < jarName.length() && Character.isDigit(jarName.charAt(end + 1)));
            if (!longer) {
                return false;
            }
        }
        return true;
    }

    /**
     * The context of the file at {@code path} in the {@code release} package: its version tells the release's own
     * modules from foreign libraries, its name the release's own build descriptor from those of jars shaded into it.
     */
    static SecretContext of(String path, Release release) {
        String plain = path.replace('\\', '/');
        int lastNest = plain.lastIndexOf("!/");
        String inner = lastNest >= 0 ? plain.substring(lastNest + 2) : plain;
        String lowerInner = inner.toLowerCase(Locale.ROOT);
        String name = lowerInner.substring(lowerInner.lastIndexOf('/') + 1);
        // a source distribution shipped inside the release (Tomcat's bin/tomcat-native.tar.gz) is third-party code too
        boolean source = lastNest >= 0 && SOURCE_ROOT.matcher(lowerInner).matches();
        boolean library = lastNest >= 0 && hasSegment(plain.substring(0, lastNest).toLowerCase(Locale.ROOT), LIBRARY_FOLDERS)
                || source;
        String folders = lowerInner.substring(0, lowerInner.lastIndexOf('/') + 1);
        boolean docs = hasSegment(folders, DOC_FOLDERS) || suffix(name).map(DOC_SUFFIXES::contains).orElse(false)
                || name.startsWith("readme") || name.startsWith("changelog") || name.startsWith("notice")
                || name.startsWith("license");
        boolean bundle = name.endsWith(".properties") && (name.startsWith("localstrings") || BUNDLE_NAME.matcher(name).matches()
                || localeVariant(name) || hasSegment(folders, I18N_FOLDERS));
        // in a library, a test harness's configuration is named so too (Jackrabbit's JackrabbitRepositoryStub.properties
        // for the JCR TCK)
        boolean test = hasSegment(folders, TEST_FOLDERS) || library && TEST_HARNESS.matcher(name).matches();
        boolean build = lowerInner.startsWith("meta-inf/maven/") || name.equals("pom.xml")
                || source && (BUILD_FILES.contains(name) || name.endsWith(".sh") || name.endsWith(".mk"));
        boolean descriptor = lowerInner.startsWith("meta-inf/maven/")
                && (lastNest >= 0 || shadedDescriptor(lowerInner, release));
        String outer = lastNest >= 0 ? plain.substring(0, lastNest) : "";
        boolean foreign = library && !source && foreignJar(outer.substring(outer.lastIndexOf('/') + 1), release.version());
        return new SecretContext(format(name), library, docs, bundle, test, build, descriptor, foreign);
    }

    /**
     * {@code META-INF/maven/G/A/pom.xml} at the top of a shaded jar is the build file of a library merged into it
     * (tika-server-standard's has Jackcess's, whose replacer plugin searches for {@code <token>}s) unless {@code A} is
     * the release's own artifact, which its file name starts with. Unknown names keep the descriptor searched.
     */
    private static boolean shadedDescriptor(String lowerInner, Release release) {
        String[] segments = lowerInner.split("/");
        return segments.length >= 5 && !release.version().isEmpty() && !release.lowerName().startsWith(segments[3] + "-");
    }

    /**
     * Nothing in it is a secret of the release: a library's own message bundles, documentation and test data, and the
     * build descriptor of any nested jar (an application's own top-level {@code META-INF/maven} is still searched).
     */
    boolean thirdPartyNonConfig() {
        return library && (docs || bundle || test || build) || descriptor;
    }

    /**
     * Key/value pairs mean configuration only in configuration files: not in prose or in UI strings, and not in a
     * foreign library's resources, whose {@code password=…} pairs are the library's samples and defaults, published
     * with it, whatever the release configures. (Private keys and vendor tokens are still looked for there.)
     */
    boolean pairsAreConfig() {
        return !docs && !bundle && !foreign && format != Format.PLAIN;
    }

    static Format format(String lowerName) {
        if (lowerName.equals(".netrc") || lowerName.equals("_netrc")) {
            return Format.NETRC;
        }
        if (lowerName.equals(".env") || lowerName.startsWith(".env.") || lowerName.endsWith(".env") || lowerName.endsWith(".sh")) {
            return Format.ENV;
        }
        if (REALM_NAME.matcher(lowerName).matches()) {
            return Format.REALM;
        }
        return switch (suffix(lowerName).orElse("")) {
            case ".properties" -> Format.PROPERTIES;
            case ".yml", ".yaml" -> Format.YAML;
            case ".json" -> Format.JSON;
            case ".xml" -> Format.XML;
            case ".ini", ".cfg", ".conf", ".toml", ".npmrc", ".pypirc", ".git-credentials" -> Format.INI;
            default -> lowerName.equals(".npmrc") || lowerName.equals(".pypirc") ? Format.INI : Format.PLAIN;
        };
    }

    private static boolean localeVariant(String name) {
        java.util.regex.Matcher m = LOCALE_VARIANT.matcher(name);
        return m.matches() && LANGUAGES.contains(m.group(1));
    }

    private static boolean hasSegment(String path, Set<String> names) {
        for (String segment : path.split("[/!]+")) {
            if (names.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Optional<String> suffix(String lower) {
        int dot = lower.lastIndexOf('.');
        return dot < 0 ? java.util.Optional.empty() : java.util.Optional.of(lower.substring(dot));
    }
}
