package io.releasegates.scan;

/**
 * One vulnerable {@code cpeMatch} of an NVD record: a single version (with its update, e.g. {@code rc1}) or a range.
 * NVD stores {@code *} for "any" and {@code -} for "not applicable".
 */
record CpeRule(String cve, String vendor, String product, String version, String update, String startIncluding,
               String startExcluding, String endIncluding, String endExcluding) {

    boolean matches(String componentVersion) {
        if (isAny(version)) {
            return MavenVersions.inRange(componentVersion, startIncluding, startExcluding, endIncluding, endExcluding);
        }
        String exact = isAny(update) ? version : version + "-" + update;
        return MavenVersions.compare(componentVersion, exact) == 0;
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
