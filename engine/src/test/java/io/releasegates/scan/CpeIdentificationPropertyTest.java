package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasegates.inventory.MavenCoordinates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import io.releasegates.version.Versions;

/**
 * Identification and CPE mapping must never throw, whatever the coordinates: every real Maven coordinate of
 * maven-coordinates.txt (taken from the artifacts Maven Central serves) and thousands of seeded random ones go
 * through purl building, Maven version order, CPE rule evaluation and the mapping against a real NVD database
 * (Dependency-Check's, imported from the sample and real NVD records).
 */
class CpeIdentificationPropertyTest {
    private static final long SEED = 20_261_206L;
    private static final int RANDOM_CASES = 3_000;
    private static final int CHUNK = 500;
    private static final Pattern NVD_NAME = Pattern.compile("[a-z0-9][a-z0-9._+-]*");

    @TempDir
    static Path dataDir;
    static NvdDatabase nvd;
    static final CpeMapping MAPPING = CpeMapping.builtIn();

    /** One case: the three parts as read or generated, and whether they are real coordinates. */
    record Case(String group, String artifact, String version, boolean real) {
    }

    @BeforeAll
    static void importRecords() throws Exception {
        Path records = Files.createDirectories(dataDir.resolve("records"));
        Path sample = PackageScannerTest.ADVISORIES.resolve("nvd");
        Path real = Path.of(Objects.requireNonNull(CpeIdentificationPropertyTest.class.getResource("nvd-real")).toURI());
        for (Path dir : List.of(sample, real)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.copy(f, records.resolve(f.getFileName()));
                }
            }
        }
        Path feed = dataDir.resolve("feed");
        NvdFeedLayout.write(records, feed);
        nvd = NvdDatabase.open(dataDir.resolve("db"), feed.toString(), null, null);
    }

    @AfterAll
    static void close() {
        if (nvd != null) {
            nvd.close();
        }
    }

    static List<Case> realCoordinates() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = CpeIdentificationPropertyTest.class.getResourceAsStream("maven-coordinates.txt")) {
            for (String line : new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] gav = line.strip().split(":");
                    out.add(new Case(gav[0], gav[1], gav[2], true));
                }
            }
        }
        return out;
    }

    /** Seeded, so a failure names a case that the next run reproduces. */
    static List<Case> randomCoordinates() {
        Random random = new Random(SEED);
        List<Case> out = new ArrayList<>();
        List<String> odd = List.of("", " ", ".", "..", "...", "-", "_", "-.-", "::", ":", "/", "//", "%", "%2F", "@", "?", "#",
                "${project.version}", "\u0000", "\t\n", "ä", "日本語", "😀", "\u202Eevil", "e\u0301", "a".repeat(10_000),
                "1".repeat(400), "9999999999999999999999999999", "1.-1", "1..2", "-1", "1-", "1.0-SNAPSHOT", "RELEASE", "[1.0,2.0)",
                "commons-", "-core", "jdk18on", "5");
        for (String a : odd) {
            for (String b : List.of("", "org.apache", "..", "😀")) {
                out.add(new Case(b, a, a, false));
                out.add(new Case(a, b, a, false));
                out.add(new Case(a, a, b, false));
            }
        }
        while (out.size() < RANDOM_CASES) {
            out.add(new Case(randomString(random), randomString(random), randomString(random), false));
        }
        return out;
    }

    private static String randomString(Random random) {
        int shape = random.nextInt(10);
        int length = shape == 0 ? random.nextInt(5_000) : random.nextInt(40);
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            switch (shape % 5) {
                case 0 -> b.append("-._:/@%$".charAt(random.nextInt(8)));
                case 1 -> b.appendCodePoint(0x20 + random.nextInt(0x5F));
                case 2 -> b.append(random.nextBoolean() ? "commons-" : "").append((char) ('a' + random.nextInt(26)))
                        .append(random.nextInt(4) == 0 ? "-core" : random.nextInt(3) == 0 ? "." : "");
                case 3 -> b.appendCodePoint(random.nextInt(0xD800));
                default -> b.appendCodePoint(0x1F300 + random.nextInt(0x300));
            }
        }
        return b.toString();
    }

    @TestFactory
    Stream<DynamicTest> shouldIdentifyAndMapEveryRealAndRandomCoordinateWithoutThrowing() throws IOException {
        List<Case> real = realCoordinates();
        assertThat(real).hasSizeGreaterThanOrEqualTo(5_000);
        List<Case> all = new ArrayList<>(real);
        all.addAll(randomCoordinates());
        List<DynamicTest> tests = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Case> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            Case first = chunk.get(0);
            String name = (first.real() ? "real " : "random ") + from + "..: " + abbreviate(first);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> failures = new ArrayList<>();
                for (Case c : chunk) {
                    try {
                        check(c);
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(abbreviate(c) + " -> " + e);
                    }
                }
                assertThat(failures).isEmpty();
            }));
        }
        return tests.stream();
    }

    private static void check(Case c) {
        MavenCoordinates coordinates = new MavenCoordinates(c.group(), c.artifact(), c.version(), "");
        boolean complete = coordinates.complete();
        String purl = complete ? coordinates.purl() : "";
        if (c.real()) {
            assertThat(complete).as("real coordinates are complete").isTrue();
            assertThat(purl).startsWith("pkg:maven/");
        }
        new MavenCoordinates(c.group(), c.artifact(), c.version(), c.version()).complete();
        ScanComponent component = new ScanComponent(purl, c.group(), c.artifact(), c.version(), "WEB-INF/lib/x.jar", "", complete);
        assertThat(component.subject()).isNotNull();
        assertThat(component.coordinates()).isNotNull();
        component.maven();

        assertThat(Versions.compareMaven(c.version(), c.version())).isZero();
        Versions.compareMaven(c.version(), "2.7");
        Versions.compareMaven(null, c.version());
        Versions.inMavenRange(c.version(), "0", null, c.version(), "*");
        CpeRule exact = new CpeRule("CVE-0000-0000", "v", "p", c.version(), "*", null, null, null, null);
        assertThat(exact.matches(c.version())).as("a CPE of exactly this version matches it").isTrue();
        new CpeRule("CVE-0000-0000", "v", "p", "*", c.version(), c.version(), null, null, c.version()).matches(c.version());
        new CpeRule("CVE-0000-0000", "v", "p", c.version(), c.version(), null, null, null, null).describe();

        for (CpeCandidates.Tier tier : CpeCandidates.of(c.group(), c.artifact())) {
            assertThat(tier.products()).allMatch(p -> NVD_NAME.matcher(p).matches());
        }
        Optional<CpeMapping.Decision> decision = MAPPING.decide(c.group(), c.artifact(), nvd);
        // the version-aware decision (tier 3 only on the product's version line) reads the version: it must not throw
        Optional<CpeMapping.Decision> versioned = MAPPING.decide(c.group(), c.artifact(), c.version(), nvd);
        versioned.ifPresent(v -> assertThat(decision).as("a version can only narrow the decision").isPresent());
        CpeMapping.major(c.version());
        if (decision.isPresent() && decision.get().how().equals("derived")) {
            // precision: a derived pair is one the NVD data actually holds
            assertThat(decision.get().pairs()).isNotEmpty().allMatch(p -> nvd.knows(p.vendor(), p.product()));
        }
    }

    private static String abbreviate(Case c) {
        String text = c.group() + ":" + c.artifact() + ":" + c.version();
        return text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + " chars)" : text;
    }

    @Test
    void shouldDeriveNvdsOwnNamesForRealJavaLibraries() {
        assertThat(pairs("commons-io", "commons-io")).containsExactly("apache:commons_io");
        assertThat(pairs("com.fasterxml.woodstox", "woodstox-core")).containsExactly("fasterxml:woodstox");
        assertThat(pairs("org.apache.commons", "commons-text")).containsExactly("apache:commons_text");
        assertThat(pairs("org.yaml", "snakeyaml")).containsExactly("snakeyaml_project:snakeyaml");
        assertThat(pairs("com.h2database", "h2")).containsExactly("h2database:h2");
        assertThat(pairs("com.google.guava", "guava")).containsExactly("google:guava");
        assertThat(pairs("com.google.code.gson", "gson")).containsExactly("google:gson");
        assertThat(pairs("com.thoughtworks.xstream", "xstream")).contains("xstream:xstream");
        assertThat(pairs("io.netty", "netty-codec-http")).containsExactly("netty:netty");
        assertThat(pairs("commons-collections", "commons-collections")).containsExactly("apache:commons_collections");
        assertThat(pairs("org.apache.commons", "commons-collections4")).containsExactly("apache:commons_collections");
        // the crash of issue 13: artifactIds without '-' or '.' that the table lacks
        for (String artifact : List.of("httpclient5", "junit", "jsoup", "txw2", "httpcore")) {
            assertThat(MAPPING.decide("org.example", artifact, nvd)).isEmpty();
        }
    }

    @Test
    void shouldOfferCandidatesTheWayNvdNamesJavaProducts() {
        assertThat(derivable("org.apache.tomcat.embed", "tomcat-embed-core", new CpeMapping.VendorProduct("apache", "tomcat"))).isTrue();
        assertThat(derivable("org.eclipse.jetty", "jetty-server", new CpeMapping.VendorProduct("eclipse", "jetty"))).isTrue();
        assertThat(derivable("ch.qos.logback", "logback-classic", new CpeMapping.VendorProduct("qos", "logback"))).isTrue();
        assertThat(derivable("org.apache.httpcomponents.client5", "httpclient5", new CpeMapping.VendorProduct("apache", "httpclient"))).isTrue();
        assertThat(derivable("org.apache.commons", "commons-lang3", new CpeMapping.VendorProduct("apache", "commons_lang"))).isTrue();
        assertThat(derivable("com.google.protobuf", "protobuf-java", new CpeMapping.VendorProduct("google", "protobuf-java"))).isTrue();
        assertThat(derivable("com.google.protobuf", "protobuf-java", new CpeMapping.VendorProduct("google", "protobuf"))).isTrue();
        // the artifact's own name is tried before its shortened forms
        assertThat(CpeCandidates.of("com.fasterxml.woodstox", "woodstox-core").get(0).products())
                .containsExactly("woodstox-core", "woodstox_core");
        assertThat(CpeCandidates.of("", "")).isEmpty();
        assertThat(CpeCandidates.of("org.example", "日本語")).isEmpty();
    }

    @Test
    void shouldAcceptOnlyPairsTheNvdDataHolds() {
        // NVD names woodstox, not woodstox_core, and no vendor "woodstox" has it: nothing is invented
        assertThat(pairs("org.codehaus.woodstox", "woodstox-core-asl")).isEmpty();
        assertThat(pairs("com.example.commons", "commons-nothing")).isEmpty();
        // a groupId segment is a vendor only for a product NVD lists under it
        assertThat(pairs("com.google.commons", "commons-io")).containsExactly("apache:commons_io");
        assertThat(pairs("org.acme", "guava")).isEmpty();
    }

    @Test
    void shouldKeepTheCuratedTableToWhatCannotBeDerived() {
        // an exact entry is needed when derivation would not give its pairs, or when a group:* entry would shadow it
        List<String> derivable = new ArrayList<>();
        MAPPING.table().forEach((key, pairs) -> {
            String group = key.substring(0, key.indexOf(':'));
            String artifact = key.substring(key.indexOf(':') + 1);
            boolean shadowed = !artifact.equals("*") && MAPPING.table().containsKey(group + ":*");
            String sample = switch (artifact) {
                case "*" -> representative(group);
                default -> artifact;
            };
            if (!pairs.isEmpty() && !shadowed && pairs.stream().allMatch(p -> derivable(group, sample, p))) {
                derivable.add(key);
            }
        });
        assertThat(derivable).as("curated entries the derivation finds by itself").isEmpty();
        assertThat(MAPPING.table()).hasSizeLessThanOrEqualTo(15);
    }

    private static String representative(String group) {
        return switch (group) {
            case "org.springframework" -> "spring-core";
            case "org.springframework.boot" -> "spring-boot";
            case "org.springframework.security" -> "spring-security-core";
            default -> group.substring(group.lastIndexOf('.') + 1) + "-core";
        };
    }

    private static boolean derivable(String group, String artifact, CpeMapping.VendorProduct pair) {
        return CpeCandidates.of(group, artifact).stream().anyMatch(t -> t.products().contains(pair.product())
                && (t.vendors().contains(pair.vendor()) || pair.vendor().equals(pair.product() + "_project")));
    }

    private static List<String> pairs(String group, String artifact) {
        return MAPPING.decide(group, artifact, nvd).map(d -> d.pairs().stream().map(Object::toString).toList()).orElse(List.of());
    }
}
