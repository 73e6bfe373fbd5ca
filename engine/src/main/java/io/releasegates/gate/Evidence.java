package io.releasegates.gate;

import io.releasegates.report.GateReport;
import io.releasegates.report.Input;
import java.nio.file.Path;
import java.util.List;

/**
 * One evidence file that was read successfully.
 *
 * @param file   where it was read from
 * @param sha256   hash of the file as read, recorded in the verdict so a later swap of evidence is visible
 * @param signedBy key id whose valid signature the file carries; empty when the gate had no key to check with
 * @param report   its content
 */
public record Evidence(Path file, String sha256, String signedBy, GateReport report) {

    public String gate() {
        return report.gate();
    }

    /** The package hashes this evidence names (input role {@code package}). */
    public List<Input> packages() {
        return report.inputs().stream().filter(i -> "package".equals(i.role())).toList();
    }
}
