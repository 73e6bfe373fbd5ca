package io.releasegates.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import io.releasegates.backup.BackupVerifier;
import io.releasegates.backup.BackupsRequest;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code verifyBackups config: 'ops/backups.yml'}: the CLI's {@code release-gates backups verify}, run on the agent
 * that reaches the backup locations. Passwords named in the config by environment variable are read from the build's
 * environment, so that {@code withCredentials} can supply them.
 */
public class BackupsStep extends GateStep {
    private final String config;
    private String asOf;
    private String state;

    @DataBoundConstructor
    public BackupsStep(String config) {
        this.config = Util.fixEmptyAndTrim(config);
    }

    public String getConfig() {
        return config;
    }

    public String getAsOf() {
        return asOf;
    }

    /** Judge freshness as of this instant (ISO-8601, e.g. {@code 2026-11-28T06:00:00Z}); default now. */
    @DataBoundSetter
    public void setAsOf(String asOf) {
        this.asOf = Util.fixEmptyAndTrim(asOf);
    }

    public String getState() {
        return state;
    }

    @DataBoundSetter
    public void setState(String state) {
        this.state = Util.fixEmptyAndTrim(state);
    }

    @Override
    String gate() {
        return BackupVerifier.GATE;
    }

    @Override
    GateCallable callable(ReleaseGatesConfiguration global, String baseName, EnvVars environment) {
        return new Run(this, baseName, environment);
    }

    private static final class Run extends GateCallable {
        private static final long serialVersionUID = 1L;
        private final String config;
        private final String asOf;
        private final String state;
        /** The build's environment; travels to the agent only, never into a log or a report. */
        private final HashMap<String, String> environment;

        Run(BackupsStep step, String baseName, EnvVars environment) {
            super(step, baseName);
            this.config = step.config;
            this.asOf = step.asOf;
            this.state = step.state;
            this.environment = new HashMap<>(environment);
        }

        @Override
        GateReport run(Path workspace, Severity threshold) {
            return BackupVerifier.verify(new BackupsRequest(resolve(workspace, config),
                    asOf == null ? null : Instant.parse(asOf), resolve(workspace, state), environment));
        }
    }

    @Extension
    @Symbol("verifyBackups")
    public static final class DescriptorImpl extends GateStepDescriptor {
        @Override
        public String getFunctionName() {
            return "verifyBackups";
        }

        @Override
        public String getDisplayName() {
            return Messages.BackupsStep_DisplayName();
        }
    }
}
