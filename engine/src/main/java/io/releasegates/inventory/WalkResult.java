package io.releasegates.inventory;

import io.releasegates.report.Finding;
import java.util.List;

/**
 * What a walk saw besides the entries themselves.
 *
 * @param findings    problems in the package (zip bombs, unsafe names, symlink escapes, corrupt nested archives…),
 *                    rule ids {@code RG-INV-…} as documented in docs/rules.md
 * @param errors      reasons the walk is incomplete (a limit stopped it, a directory could not be read); a
 *                    non-empty list means consumers must not treat the result as the whole package
 * @param entries     files visited, at every depth
 * @param archives    archives seen (the package itself included)
 * @param inflated    uncompressed bytes read
 * @param rootDigests hashes of the package file; {@link ArchiveDigests#NONE} for a directory
 */
public record WalkResult(List<Finding> findings, List<String> errors, long entries, long archives, long inflated,
                         ArchiveDigests rootDigests) {
    public WalkResult {
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
    }

    public boolean complete() {
        return errors.isEmpty();
    }
}
