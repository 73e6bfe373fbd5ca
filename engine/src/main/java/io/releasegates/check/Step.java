package io.releasegates.check;

import io.releasegates.signing.SigningKey;
import io.releasegates.report.GateReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** One step of {@code check}: runs a gate's engine on the release and returns its report (the evidence). */
interface Step {
    /**
     * What a step gets.
     *
     * @param config      its options from the check config
     * @param packageFile the release package
     * @param workDir     a private directory under the output folder for generated inputs (demo data)
     * @param reportsDir  where extra renderings may go (e.g. the CycloneDX SBOM)
     * @param key         the run's signing key (integrity baselines)
     * @param now         the run's clock
     */
    record Context(CheckConfig.StepConfig config, Path packageFile, Path workDir, Path reportsDir, SigningKey key,
                   Instant now) {
    }

    /**
     * @param report the step's report, written as evidence
     * @param extras extra files the step wrote (linked from the index), with a label each
     */
    record Output(GateReport report, List<Extra> extras) {
        public Output {
            extras = List.copyOf(extras);
        }
    }

    record Extra(String label, Path file) {
    }

    Output run(Context context) throws IOException;

    /** Every option key the step reads, with its type; the config reader refuses any other key or type. */
    java.util.Map<String, StepOption> options();
}
