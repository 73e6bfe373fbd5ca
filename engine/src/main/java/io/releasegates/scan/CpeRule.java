package io.releasegates.scan;
import io.releasegates.version.Versions;

/**
 * One vulnerable {@code cpeMatch} of an NVD record: a single version (with its update, e.g. {@code rc1}) or a range.
 * NVD stores {@code *} for "any" and {@code -} for "not applicable".
 */
record CpeRule(String cve, String vendor, String product, String version, String update, String startIncluding,
               String startExcluding, String endIncluding, String endExcluding) {

    boolean matches(String componentVersion) {
        if (isAny(version)) {
            return Versions.inMavenRange(componentVersion, startIncluding, startExcluding, endIncluding, endExcluding);
        }
        String exact = isAny(update) ? version : version + "-" + update;
        return Versions.compareMaven(componentVersion, exact) == 0;
    }

    /**
     * Whether this rule concerns versions of major {@code major}: its single version's major; a range from its lower
     * bound's major to its upper bound's (open above: no limit; open below: the upper bound's line, and the one before
     * it for an excluded end such as "before 9.0.0"); a rule without any version or bound covers every major.
     */
    boolean spansMajor(int major) {
        if (!isAny(version)) {
            return CpeMapping.major(version).orElse(-1) == major;
        }
        java.util.OptionalInt low = first(startIncluding, startExcluding);
        java.util.OptionalInt high = first(endIncluding, endExcluding);
        if (low.isEmpty() && high.isEmpty()) {
            return !bounded(startIncluding, startExcluding, endIncluding, endExcluding);
        }
        int from = low.isPresent() ? low.getAsInt() : high.getAsInt() - (isAny(endIncluding) ? 1 : 0);
        int to = high.isPresent() ? high.getAsInt() : Integer.MAX_VALUE;
        return major >= from && major <= to;
    }

    private static java.util.OptionalInt first(String a, String b) {
        java.util.OptionalInt m = isAny(a) ? java.util.OptionalInt.empty() : CpeMapping.major(a);
        return m.isPresent() || isAny(b) ? m : CpeMapping.major(b);
    }

    /** Some bound is written but names no number: the rule is not "every version", and no line can be read off it. */
    private static boolean bounded(String... bounds) {
        for (String b : bounds) {
            if (!isAny(b)) {
                return true;
            }
        }
        return false;
    }

    /** The end of the range is where the fix is, when NVD says so. */
    String fixedIn() {
        return endExcluding == null || endExcluding.isBlank() ? "" : endExcluding;
    }

    String describe() {
        StringBuilder b = new StringBuilder("cpe:2.3:a:").append(vendor).append(':').append(product).append(':')
                .append(version == null ? "*" : version);
        if (startIncluding != null) {
            b.append(" from ").append(startIncluding);
        }
        if (startExcluding != null) {
            b.append(" after ").append(startExcluding);
        }
        if (endIncluding != null) {
            b.append(" through ").append(endIncluding);
        }
        if (endExcluding != null) {
            b.append(" before ").append(endExcluding);
        }
        return b.toString();
    }

    private static boolean isAny(String value) {
        return value == null || value.isBlank() || "*".equals(value) || "-".equals(value);
    }
}
