package io.releasegates.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import io.releasegates.integrity.IntegrityChecker;
import io.releasegates.integrity.IntegrityRequest;
import io.releasegates.signing.SigningKey;
import io.releasegates.pipeline.StepParameters;
import io.releasegates.report.GateReport;
import io.releasegates.report.Severity;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code verifyConfigIntegrity dir: '/etc/shop', baseline: 'baseline.json', key: 'baseline.pub'} or
 * {@code verifyConfigIntegrity dir: 'deploy/etc', git: 'config.git', ref: 'v1.4', path: 'etc'}: the CLI's
 * {@code release-gates integrity check}, run on the agent whose files are checked.
 */
public class IntegrityStep extends GateStep {
    private final String dir;
    private String baseline;
    private String key;
    private String git;
    private String ref;
    private String path;
    private String includes;
    private String excludes;

    @DataBoundConstructor
    public IntegrityStep(String dir) {
        this.dir = Util.fixEmptyAndTrim(dir);
    }

    public String getDir() {
        return dir;
    }

    public String getBaseline() {
        return baseline;
    }

    @DataBoundSetter
    public void setBaseline(String baseline) {
        this.baseline = Util.fixEmptyAndTrim(baseline);
    }

    public String getKey() {
        return key;
    }

    @DataBoundSetter
    public void setKey(String key) {
        this.key = Util.fixEmptyAndTrim(key);
    }

    public String getGit() {
        return git;
    }

    @DataBoundSetter
    public void setGit(String git) {
        this.git = Util.fixEmptyAndTrim(git);
    }

    public String getRef() {
        return ref;
    }

    @DataBoundSetter
    public void setRef(String ref) {
        this.ref = Util.fixEmptyAndTrim(ref);
    }

    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    public String getIncludes() {
        return includes;
    }

    @DataBoundSetter
    public void setIncludes(String includes) {
        this.includes = Util.fixEmptyAndTrim(includes);
    }

    public String getExcludes() {
        return excludes;
    }

    @DataBoundSetter
    public void setExcludes(String excludes) {
        this.excludes = Util.fixEmptyAndTrim(excludes);
    }

    @Override
    String gate() {
        return IntegrityChecker.GATE;
    }

    @Override
    GateCallable callable(ReleaseGatesConfiguration config, String baseName, EnvVars environment) throws AbortException {
        if (dir == null || (baseline == null) == (git == null)) {
            throw new AbortException("verifyConfigIntegrity: give dir and exactly one of baseline or git");
        }
        return new Run(this, baseName);
    }

    private static final class Run extends GateCallable {
        private static final long serialVersionUID = 1L;
        private final String dir;
        private final String baseline;
        private final String key;
        private final String git;
        private final String ref;
        private final String path;
        private final String includes;
        private final String excludes;

        Run(IntegrityStep step, String baseName) {
            super(step, baseName);
            this.dir = step.dir;
            this.baseline = step.baseline;
            this.key = step.key;
            this.git = step.git;
            this.ref = step.ref;
            this.path = step.path;
            this.includes = step.includes;
            this.excludes = step.excludes;
        }

        @Override
        GateReport run(Path workspace, Severity threshold) {
            Path tree = resolve(workspace, dir);
            IntegrityRequest request;
            if (baseline != null) {
                // includes, ref and path apply to git only: a baseline keeps its own includes (ignored, as always)
                Path keyFile = resolve(workspace, key);
                request = IntegrityRequest.baseline(tree, resolve(workspace, baseline),
                        keyFile == null ? null : SigningKey.load(keyFile));
            } else {
                request = IntegrityRequest.git(tree, resolve(workspace, git), ref, path)
                        .withIncludes(StepParameters.globs(includes));
            }
            return IntegrityChecker.check(request.withExcludes(StepParameters.globs(excludes)));
        }
    }

    @Extension
    @Symbol("verifyConfigIntegrity")
    public static final class DescriptorImpl extends GateStepDescriptor {
        @Override
        public String getFunctionName() {
            return "verifyConfigIntegrity";
        }

        @Override
        public String getDisplayName() {
            return Messages.IntegrityStep_DisplayName();
        }
    }
}
