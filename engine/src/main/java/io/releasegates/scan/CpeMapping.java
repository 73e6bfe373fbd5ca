package io.releasegates.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps exact Maven coordinates to NVD vendor/product pairs: a small curated table (cpe-map.properties) for well-known
 * groups whose NVD names cannot be guessed, otherwise derived from the CPE names present in the data itself.
 */
final class CpeMapping {
    private static final Set<String> GENERIC_SEGMENTS = Set.of("com", "org", "net", "io", "de", "ch", "uk", "co", "github", "java");

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
        } catch (IOException e) {
            throw new UncheckedIOException("cpe-map.properties missing from the engine jar", e);
        }
        Map<String, List<VendorProduct>> table = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            List<VendorProduct> pairs = new ArrayList<>();
            if (!"none".equals(value)) {
                for (String pair : value.split(",")) {
                    String[] vp = pair.trim().split(":");
                    pairs.add(new VendorProduct(vp[0], vp[1]));
                }
            }
            table.put(key, List.copyOf(pairs));
        }
        return new CpeMapping(Map.copyOf(table));
    }

    /** Empty when neither the table nor the data says anything about these coordinates. */
    Optional<Decision> decide(String group, String artifact, NvdDatabase nvd) {
        List<VendorProduct> exact = curated.get(group + ":" + artifact);
        if (exact == null) {
            exact = curated.get(group + ":*");
        }
        if (exact != null) {
            return Optional.of(new Decision(exact, "curated"));
        }
        Set<String> segments = new LinkedHashSet<>();
        Arrays.stream(group.toLowerCase(Locale.ROOT).split("[.]")).filter(s -> !GENERIC_SEGMENTS.contains(s)).forEach(segments::add);
        List<VendorProduct> derived = new ArrayList<>();
        for (String product : Set.of(artifact.toLowerCase(Locale.ROOT), artifact.toLowerCase(Locale.ROOT).replaceAll("[-.]", "_"))) {
            for (String vendor : nvd.vendorsOf(product)) {
                if (segments.contains(vendor) || vendor.equals(product + "_project")
                        || segments.contains(vendor.replace('_', '-'))) {
                    derived.add(new VendorProduct(vendor, product));
                }
            }
        }
        return derived.isEmpty() ? Optional.empty() : Optional.of(new Decision(derived, "derived"));
    }
}
