package io.releasegates.inventory;

/** What identified a component, strongest first. */
public enum Evidence {
    /** The jar's SHA-1 equals a jar in a Maven repository: the coordinates are exact. */
    MAVEN_REPOSITORY_SHA1(Confidence.EXACT),
    /** A repository manager's checksum search (Maven Central, Nexus 3, Artifactory) knows the jar's SHA-1. */
    REPOSITORY_SEARCH_SHA1(Confidence.EXACT),
    /** {@code META-INF/maven/<group>/<artifact>/pom.properties} inside the jar. */
    POM_PROPERTIES(Confidence.HIGH),
    /** {@code META-INF/maven/<group>/<artifact>/pom.xml} inside the jar (no pom.properties). */
    POM_XML(Confidence.HIGH),
    /** MANIFEST.MF headers (Bundle-SymbolicName/Version, Implementation-Title/Version, Automatic-Module-Name). */
    MANIFEST(Confidence.MEDIUM),
    /** The name and version in the file name only. */
    FILE_NAME(Confidence.LOW),
    /** Only the Java packages of its classes: at least the component is there. */
    PACKAGE_NAMES(Confidence.LOW),
    /** An installed package in the dpkg status file. */
    DPKG_STATUS(Confidence.EXACT),
    /** An installed package in the rpm database. */
    RPM_DATABASE(Confidence.EXACT),
    /** An installed package in the apk installed database. */
    APK_DATABASE(Confidence.EXACT),
    /** The JVM running this inventory. */
    RUNNING_JVM(Confidence.EXACT);

    private final Confidence confidence;

    Evidence(Confidence confidence) {
        this.confidence = confidence;
    }

    /** The confidence this evidence usually deserves. */
    public Confidence confidence() {
        return confidence;
    }

    /** How sure an identification is; {@link #score()} is CycloneDX's identity confidence (0..1). */
    public enum Confidence {
        EXACT(1.0), HIGH(0.9), MEDIUM(0.6), LOW(0.3);

        private final double score;

        Confidence(double score) {
            this.score = score;
        }

        public double score() {
            return score;
        }
    }
}
