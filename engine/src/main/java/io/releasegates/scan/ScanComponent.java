package io.releasegates.scan;

/**
 * A component as the matchers see it (from the inventory).
 *
 * @param purl     package URL, empty when the inventory could not identify it
 * @param group    Maven groupId, empty when unknown
 * @param artifact artifactId (or file name when unidentified)
 * @param version  empty when unknown
 * @param path     path inside the package (for a shaded library: the jar that embeds it)
 * @param sha1     hex SHA-1 of the jar, empty for embedded libraries
 * @param exact    true when the identity is exact or from Maven metadata (not guessed from names)
 */
record ScanComponent(String purl, String group, String artifact, String version, String path, String sha1,
                     boolean exact) {

    String subject() {
        return purl.isEmpty() ? artifact + (version.isEmpty() ? "" : "@" + version) : purl;
    }

    String coordinates() {
        return (group.isEmpty() ? "" : group + ":") + artifact + (version.isEmpty() ? "" : ":" + version);
    }

    boolean maven() {
        return purl.startsWith("pkg:maven/") && !group.isEmpty() && !version.isEmpty();
    }
}
