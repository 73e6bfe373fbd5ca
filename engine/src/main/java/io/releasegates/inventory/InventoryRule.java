package io.releasegates.inventory;

import io.releasegates.report.Finding;
import io.releasegates.report.Rule;
import io.releasegates.report.Severity;

/** The inventory step's rule ids (documented in docs/rules.md); ids never change meaning. */
public enum InventoryRule implements Rule {
    ARCHIVE_BOMB("RG-INV-ARCHIVE-BOMB", "Archive bomb", Severity.HIGH),
    UNSAFE_PATH("RG-INV-UNSAFE-PATH", "Unsafe entry name (zip-slip or absolute path)", Severity.HIGH),
    NAME_ENCODING("RG-INV-NAME-ENCODING", "Entry name not valid UTF-8", Severity.MEDIUM),
    SYMLINK_ESCAPE("RG-INV-SYMLINK-ESCAPE", "Symbolic link leaves the package", Severity.HIGH),
    SYMLINK_LOOP("RG-INV-SYMLINK-LOOP", "Symbolic link loop", Severity.MEDIUM),
    CORRUPT_ARCHIVE("RG-INV-CORRUPT-ARCHIVE", "Corrupt or truncated nested archive", Severity.HIGH),
    DEPTH_LIMIT("RG-INV-DEPTH-LIMIT", "Archive nested too deep to open", Severity.MEDIUM),
    TOO_MANY_ENTRIES("RG-INV-TOO-MANY-ENTRIES", "Too many entries", Severity.HIGH),
    UNIDENTIFIED("RG-INV-UNIDENTIFIED", "Component without a purl", Severity.LOW),
    IDENTITY_INCOMPLETE("RG-INV-IDENTITY-INCOMPLETE", "Jars without an exact identity in the package", Severity.MEDIUM),
    SEARCH_FAILED("RG-INV-SEARCH-FAILED", "Checksum search unavailable", Severity.MEDIUM),
    SBOM_MISSING("RG-INV-SBOM-MISSING", "Component in the SBOM but not in the package", Severity.MEDIUM),
    SBOM_UNDECLARED("RG-INV-SBOM-UNDECLARED", "Component in the package but not in the SBOM", Severity.HIGH),
    SBOM_VERSION("RG-INV-SBOM-VERSION", "Component version differs from the SBOM", Severity.HIGH);

    private final Spec spec;

    InventoryRule(String id, String title, Severity severity) {
        this.spec = new Spec(id, title, severity);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    /** A finding of this rule about {@code location} inside the package named {@code subject}. */
    Finding finding(String subject, String location, String message) {
        return finding().subject(subject).location(location).message(message).build();
    }
}
