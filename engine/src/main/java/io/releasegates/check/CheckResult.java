package io.releasegates.check;

import io.releasegates.gate.Verdict;
import io.releasegates.report.GateReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code check} run did and decided.
 *
 * @param verdict the promotion verdict
 * @param steps   every configured step, in run order
 * @param outDir  the report folder
 * @param keyId   the key the verdict is signed with
 * @param demoKey true when the key was generated for this run (no {@code key:} in the config)
 */
public record CheckResult(Verdict verdict, List<StepResult> steps, Path outDir, String keyId, boolean demoKey) {
    public CheckResult {
        steps = List.copyOf(steps);
    }

    /** Index-relative paths of the verdict renderings. */
    public static final String VERDICT_JSON = "verdict.json";
    public static final String VERDICT_HTML = "verdict.html";
    public static final String VERDICT_JUNIT = "verdict.junit.xml";
    public static final String INDEX = "index.html";

    /** How a step went. */
    public enum State {
        /** The engine ran and wrote evidence (which may hold findings). */
        RAN,
        /** The engine could not complete; its evidence records the error, so the gate blocks on it. */
        FAILED,
        /** This build does not contain the step's engine: no evidence is written (never faked). */
        UNAVAILABLE
    }

    /**
     * @param name    step name (= gate)
     * @param state   how it went
     * @param report  the evidence written; null when unavailable
     * @param message one line for people
     * @param millis  wall time of the step
     * @param links   index-relative files (label → path)
     */
    public record StepResult(String name, State state, GateReport report, String message, long millis,
                             List<Step.Extra> links) {
        public StepResult {
            links = List.copyOf(links);
        }
    }
}
