package io.releasegates.inventory;

/**
 * Which digests a {@link PackageWalker} computes of the package itself and of the archives nested in it. Hashing is a
 * large part of a walk's CPU time; a caller that does not use a digest need not pay for it (the scan gate wants the
 * package's SHA-256 for its evidence and the jars' SHA-1 for identification, nothing else). A digest not computed is
 * empty in {@link ArchiveDigests}.
 *
 * @param ofPackage digests of the package file
 * @param ofNested  digests of each nested archive (also of archives in a package directory)
 */
public record WalkDigests(Hashes ofPackage, Hashes ofNested) {
    /** SHA-1 and SHA-256 of everything: what the inventory reports. */
    public static final WalkDigests ALL = new WalkDigests(Hashes.BOTH, Hashes.BOTH);

    public WalkDigests {
        java.util.Objects.requireNonNull(ofPackage, "ofPackage");
        java.util.Objects.requireNonNull(ofNested, "ofNested");
    }

    /** SHA-1, SHA-256 or both. */
    public enum Hashes {
        SHA1(true, false), SHA256(false, true), BOTH(true, true);

        private final boolean sha1;
        private final boolean sha256;

        Hashes(boolean sha1, boolean sha256) {
            this.sha1 = sha1;
            this.sha256 = sha256;
        }

        boolean sha1() {
            return sha1;
        }

        boolean sha256() {
            return sha256;
        }
    }
}
