package io.releasegates.gate;

import io.releasegates.signing.SigningKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the promotion gate judges and where its verdict goes: the one request of the gate, built by the CLI's
 * {@code gate}, the plugin's {@code promotionGate} and {@code check} alike and passed to {@link PromotionGate#judge}.
 * Build one with {@link #builder(Path, String)}.
 *
 * <p>Evidence is read in one of two ways. Without {@code workDir}, the files of {@code evidenceDir} are judged where
 * they are (the CLI, {@code check}). With it, this run's evidence ({@code runEvidence}, handed over as contents since
 * the steps may have run on other agents) and the {@code *.json} of {@code evidenceDir}, if given, are gathered into
 * {@code workDir} first and judged there (the plugin).
 *
 * @param policy      the policy YAML
 * @param environment the environment to promote to; must be defined in the policy
 * @param evidenceDir evidence files to judge; may be null only with {@code workDir}
 * @param runEvidence this run's evidence files by plain file name ({@code scan.json}); only with {@code workDir}
 * @param workDir     where the evidence is gathered (emptied of earlier {@code *.json} first); null: judge
 *                    {@code evidenceDir} in place
 * @param packageFile the package being promoted; null: the evidence must agree on one
 * @param signer      signs the verdict and checks every evidence file's signature; null: unsigned verdict, evidence
 *                    signatures not required
 * @param now         the evaluation time (evidence ages, waiver expiry)
 * @param warnFails   WARN conditions fail in the JUnit rendering too
 * @param json        where to write the verdict JSON (signed when {@code signer} is set); null: not written
 * @param html        where to write the verdict HTML; null: not written
 * @param junit       where to write the verdict's JUnit XML; null: not written
 */
public record GateRequest(Path policy, String environment, Path evidenceDir, Map<String, byte[]> runEvidence,
                          Path workDir, Path packageFile, VerdictSigner signer, Instant now, boolean warnFails,
                          Path json, Path html, Path junit) {

    public GateRequest {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(now, "now");
        runEvidence = Map.copyOf(runEvidence == null ? Map.of() : runEvidence);
        if (workDir == null && (evidenceDir == null || !runEvidence.isEmpty())) {
            throw new IllegalArgumentException("the promotion gate judges an evidence folder in place or gathers this "
                    + "run's evidence into a work folder: give evidenceDir, or workDir with the run's evidence");
        }
    }

    public static Builder builder(Path policy, String environment) {
        return new Builder(policy, environment);
    }

    /** Optional fields default to "none"; {@code now} to the time {@link Builder#build()} is called. */
    public static final class Builder {
        private final Path policy;
        private final String environment;
        private Path evidenceDir;
        private final Map<String, byte[]> runEvidence = new LinkedHashMap<>();
        private Path workDir;
        private Path packageFile;
        private VerdictSigner signer;
        private Instant now;
        private boolean warnFails;
        private Path json;
        private Path html;
        private Path junit;

        private Builder(Path policy, String environment) {
            this.policy = policy;
            this.environment = environment;
        }

        public Builder evidenceDir(Path value) {
            evidenceDir = value;
            return this;
        }

        /** This run's evidence by plain file name, gathered into {@code workDir} together with the evidence folder. */
        public Builder runEvidence(Map<String, byte[]> evidence, Path workDir) {
            runEvidence.putAll(evidence);
            this.workDir = workDir;
            return this;
        }

        public Builder packageFile(Path value) {
            packageFile = value;
            return this;
        }

        /** The verdict's key as a signer; null for none. */
        public Builder signer(VerdictSigner value) {
            return setSigner(value);
        }

        /**
         * The verdict's key as loaded (e.g. from a CI secret store, so that it never lands in a workspace); null for
         * none.
         */
        public Builder key(SigningKey value) {
            return setSigner(value == null ? null : VerdictKeys.of(value));
        }

        /**
         * The verdict's key as a file, loaded now (a bad file is refused before anything is read or written); null for
         * none.
         */
        public Builder keyFile(Path value) {
            if (value != null) {
                requireNoSigner();
            }
            return setSigner(value == null ? null : VerdictKeys.load(value));
        }

        private Builder setSigner(VerdictSigner value) {
            if (value != null) {
                requireNoSigner();
                signer = value;
            }
            return this;
        }

        /** A caller giving a file and a loaded key must not have one silently win. */
        private void requireNoSigner() {
            if (signer != null) {
                throw new IllegalArgumentException(
                        "give the promotion gate's key once: as a file or as loaded, not both");
            }
        }

        public Builder now(Instant value) {
            now = value;
            return this;
        }

        public Builder warnFails(boolean value) {
            warnFails = value;
            return this;
        }

        /** Where the verdict's renderings go; each may be null (not written). */
        public Builder verdictFiles(Path jsonFile, Path htmlFile, Path junitFile) {
            json = jsonFile;
            html = htmlFile;
            junit = junitFile;
            return this;
        }

        /** {@code <baseName>.json}, {@code .html} and {@code .junit.xml} in {@code dir}. */
        public Builder verdictFiles(Path dir, String baseName) {
            return verdictFiles(dir.resolve(baseName + ".json"), dir.resolve(baseName + ".html"),
                    dir.resolve(baseName + ".junit.xml"));
        }

        public GateRequest build() {
            return new GateRequest(policy, environment, evidenceDir, runEvidence, workDir, packageFile, signer,
                    now == null ? Instant.now() : now, warnFails, json, html, junit);
        }
    }
}
