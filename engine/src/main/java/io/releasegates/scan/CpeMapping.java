package io.releasegates.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps exact Maven coordinates to NVD vendor/product pairs: a small curated table (cpe-map.properties) for products
 * whose NVD names cannot be derived from the coordinates, otherwise candidates derived the way NVD names Java products
 * ({@link CpeCandidates}), each accepted only when the NVD data holds exactly that vendor:product.
 */
final class CpeMapping {
    /** What the mapping needs of the NVD data: which vendors have a product of that name (NvdDatabase in a scan). */
    interface Catalog {
        List<String> vendorsOf(String product);

        /**
         * Whether NVD's version data for vendor:product spans the major version {@code major}: some rule's version,
         * or its range from its lower bound (its upper one when open below) to its upper bound (open above: any),
         * covers it; a rule for every version covers every major.
         */
        boolean spansMajor(String vendor, String product, int major);
    }

    /** A decision for one component: the pairs (maybe none) and whether it came from the table or the data. */
    record Decision(List<VendorProduct> pairs, String how) {
        Decision {
            pairs = List.copyOf(pairs);
        }
    }

    record VendorProduct(String vendor, String product) {
        @Override
        public String toString() {
            return vendor + ":" + product;
        }
    }

    private final Map<String, List<VendorProduct>> curated;

    private CpeMapping(Map<String, List<VendorProduct>> curated) {
        this.curated = curated;
    }

    static CpeMapping builtIn() {
        Properties props = new Properties();
        try (InputStream in = CpeMapping.class.getResourceAsStream("cpe-map.properties")) {
            props.load(in);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException("cpe-map.properties missing from the engine jar",
                    e instanceof IOException io ? io : new IOException(e));
        }
        Map<String, List<VendorProduct>> table = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            List<VendorProduct> pairs = new ArrayList<>();
            if (!"none".equals(value)) {
                for (String pair : value.split(",")) {
                    String[] vp = pair.trim().split(":");
                    if (vp.length != 2 || vp[0].isBlank() || vp[1].isBlank()) {
                        throw new IllegalStateException("cpe-map.properties: " + key + ": '" + pair + "' is not vendor:product");
                    }
                    pairs.add(new VendorProduct(vp[0], vp[1]));
                }
            }
            table.put(key, List.copyOf(pairs));
        }
        return new CpeMapping(Map.copyOf(table));
    }

    /** The curated entry for the coordinates (exact key first, then {@code group:*}); empty when the table is silent. */
    Optional<List<VendorProduct>> curated(String group, String artifact) {
        List<VendorProduct> exact = curated.get(group + ":" + artifact);
        return Optional.ofNullable(exact != null ? exact : curated.get(group + ":*"));
    }

    /** Every key of the curated table with its pairs (for the test that keeps the table small). */
    Map<String, List<VendorProduct>> table() {
        return curated;
    }

    /**
     * Empty when neither the table nor the data says anything about these coordinates. Never throws on odd input:
     * coordinates the data cannot name (blank, overlong, only punctuation) simply have no decision.
     */
    Optional<Decision> decide(String group, String artifact, Catalog nvd) {
        return decide(group, artifact, "", nvd);
    }

    /**
     * As {@link #decide(String, String, Catalog)} for one version of the artifact: a tier-3 ("first word") pair counts
     * only when NVD's data for that product spans the version's major. A family's helper artifacts have version lines
     * of their own (activemq-protobuf 1.1 is not ActiveMQ 1.1, jetty-setuid-java 1.0.4 not Jetty 1.0.4), while its
     * parts that share the product's line (tomcat-embed-core 8.5.x, jetty-server 9.4.x) keep the product's name.
     * An empty version (the property test, coordinates without one) skips that check; a version without a leading
     * number has no line to compare and gets no tier-3 pair.
     */
    Optional<Decision> decide(String group, String artifact, String version, Catalog nvd) {
        String g = group == null ? "" : group;
        String a = artifact == null ? "" : artifact;
        Optional<List<VendorProduct>> table = curated(g, a);
        if (table.isPresent()) {
            return Optional.of(new Decision(table.get(), "curated"));
        }
        // the first tier with a pair NVD knows wins: the artifact's own name before its shortened variants
        String v = version == null ? "" : version.strip();
        for (CpeCandidates.Tier tier : CpeCandidates.of(g, a)) {
            Set<VendorProduct> known = new LinkedHashSet<>();
            for (String product : tier.products()) {
                for (String vendor : nvd.vendorsOf(product)) {
                    if (tier.firstWord() && !v.isEmpty() && !onProductLine(nvd, vendor, product, v)) {
                        continue;
                    }
                    if (tier.vendors().contains(vendor) || vendor.equals(product + "_project")) {
                        known.add(new VendorProduct(vendor, product));
                    }
                }
            }
            if (!known.isEmpty()) {
                return Optional.of(new Decision(List.copyOf(known), "derived"));
            }
        }
        return Optional.empty();
    }

    private static boolean onProductLine(Catalog nvd, String vendor, String product, String version) {
        OptionalInt major = major(version);
        return major.isPresent() && nvd.spansMajor(vendor, product, major.getAsInt());
    }

    /** The leading number of a version ("8.5.23" → 8, "5.0.1.Final" → 5); empty without one or when overlong. */
    static OptionalInt major(String version) {
        if (version == null) {
            return OptionalInt.empty();
        }
        int end = 0;
        String v = version.strip();
        while (end < v.length() && end < 9 && Character.isDigit(v.charAt(end)) && v.charAt(end) < 128) {
            end++;
        }
        return end == 0 || (end < v.length() && Character.isDigit(v.charAt(end))) ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(v.substring(0, end)));
    }
}
