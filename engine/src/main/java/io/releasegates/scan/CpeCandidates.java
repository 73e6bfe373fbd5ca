package io.releasegates.scan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Candidate NVD vendor/product names for Maven coordinates, in tiers from most to least specific, the way NVD names
 * Java products: {@code commons-io:commons-io} is {@code apache:commons_io}, {@code com.fasterxml.woodstox:woodstox-core}
 * is {@code fasterxml:woodstox}, {@code org.eclipse.jetty:jetty-server} is {@code eclipse:jetty}.
 *
 * <ul>
 *   <li>vendors: every groupId segment except generic ones ({@code org}, {@code com}, …), also with {@code -} as
 *       {@code _}; {@code apache} for the Apache Commons artifacts whose groupId does not say so
 *       ({@code commons-io:commons-io}); and {@code <product>_project} (checked by {@link CpeMapping});</li>
 *   <li>tier 1: the artifactId itself, and with {@code -}/{@code .} as {@code _};</li>
 *   <li>tier 2: the artifactId without a packaging suffix ({@code -core}, {@code -java}, {@code -jdk18on}, …) or a
 *       trailing major version ({@code commons-lang3}, {@code httpclient5});</li>
 *   <li>tier 3: the artifactId's first word when it is also a groupId segment ({@code jetty-server} in
 *       {@code org.eclipse.jetty}); {@link CpeMapping} accepts it only on the product's own version line.</li>
 * </ul>
 * Pure string work: any input, however odd, yields a (possibly empty) list and never an exception.
 */
final class CpeCandidates {
    /** NVD's product and vendor names for Java libraries are plain lower-case words; anything else cannot match. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,99}");
    private static final Set<String> GENERIC_SEGMENTS = Set.of("com", "org", "net", "io", "de", "ch", "uk", "co", "fr",
            "nl", "eu", "github", "gitlab", "java", "javax", "jakarta", "dev", "me", "info", "biz", "app");
    private static final Pattern SUFFIX = Pattern.compile("[-.](core|java|jdk\\d*(on)?|jre|all|lib|shaded)$");
    private static final Pattern TRAILING_MAJOR = Pattern.compile("(?<=[a-z])\\d{1,2}$");
    private static final int MAX_INPUT = 200;

    /**
     * One tier: the products to try with the vendors a pair may have. {@code firstWord} marks tier 3, whose product
     * names a whole family (jetty, activemq, tomcat) that also ships helper artifacts on version lines of their own.
     */
    record Tier(List<String> products, Set<String> vendors, boolean firstWord) {
        Tier {
            products = List.copyOf(products);
            vendors = Set.copyOf(vendors);
        }
    }

    private CpeCandidates() {
    }

    static List<Tier> of(String group, String artifact) {
        String g = group == null ? "" : group.strip().toLowerCase(Locale.ROOT);
        String a = artifact == null ? "" : artifact.strip().toLowerCase(Locale.ROOT);
        if (a.isEmpty() || a.length() > MAX_INPUT || g.length() > MAX_INPUT) {
            return List.of();
        }
        Set<String> segments = new LinkedHashSet<>();
        for (String segment : g.split("\\.")) {
            if (!segment.isEmpty() && !GENERIC_SEGMENTS.contains(segment)) {
                segments.add(segment);
            }
        }
        Set<String> vendors = new LinkedHashSet<>();
        for (String segment : segments) {
            addName(vendors, segment);
            addName(vendors, segment.replace('-', '_'));
        }
        if (a.startsWith("commons-") || g.startsWith("commons-")) {
            vendors.add("apache");
        }
        List<Tier> tiers = new ArrayList<>();
        Set<String> exact = names(a);
        add(tiers, exact, vendors, false);

        Set<String> shorter = new LinkedHashSet<>();
        String base = a;
        // a suffix may hide another (bcprov-ext-jdk18on, foo-core-java): strip at most twice
        for (int i = 0; i < 2; i++) {
            String stripped = SUFFIX.matcher(base).replaceFirst("");
            if (stripped.equals(base) || stripped.isEmpty()) {
                break;
            }
            base = stripped;
            shorter.addAll(names(base));
        }
        String noMajor = TRAILING_MAJOR.matcher(base).replaceFirst("");
        if (!noMajor.isEmpty() && !noMajor.equals(base)) {
            shorter.addAll(names(noMajor));
        }
        shorter.removeAll(exact);
        add(tiers, shorter, vendors, false);

        String first = a.split("[-._]", 2)[0];
        if (!first.isEmpty() && !first.equals(a) && segments.contains(first)) {
            Set<String> word = names(first);
            word.removeAll(exact);
            word.removeAll(shorter);
            add(tiers, word, vendors, true);
        }
        return List.copyOf(tiers);
    }

    /** The name as written and with {@code -}/{@code .} as {@code _}, whichever are possible NVD names. */
    private static Set<String> names(String artifact) {
        Set<String> out = new LinkedHashSet<>();
        addName(out, artifact);
        addName(out, artifact.replaceAll("[-.]", "_"));
        return out;
    }

    private static void addName(Set<String> out, String name) {
        if (NAME.matcher(name).matches()) {
            out.add(name);
        }
    }

    private static void add(List<Tier> tiers, Set<String> products, Set<String> vendors, boolean firstWord) {
        if (!products.isEmpty()) {
            tiers.add(new Tier(List.copyOf(products), vendors, firstWord));
        }
    }
}
