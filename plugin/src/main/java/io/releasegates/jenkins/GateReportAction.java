package io.releasegates.jenkins;

import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import io.releasegates.pipeline.ReportPages;
import io.releasegates.report.BadInputException;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * One gate run of one build: the counts live here (so in {@code build.xml}), the engine-rendered HTML report and the
 * JSON evidence live beside it in {@code <build>/release-gates/<id>.html|json}, because reports can be megabytes.
 */
public class GateReportAction implements RunAction2 {
    static final String DIR = "release-gates";
    /**
     * The engine's report runs its own sort script; served in a sandbox without same-origin rights it can touch
     * neither Jenkins' cookies nor its pages, even if a value ever escaped the engine's escaping.
     */
    static final String REPORT_CSP = "sandbox allow-scripts; default-src 'none'; style-src 'unsafe-inline'; "
            + "script-src 'unsafe-inline'; img-src data:";

    private final String id;
    private final String gate;
    private final String title;
    private final boolean passed;
    private final List<String> errors;
    private final Map<String, Long> counts;
    private final Map<String, Long> summary;
    private final String verdict;
    private transient Run<?, ?> run;

    GateReportAction(String id, StepSummary s) {
        this.id = id;
        this.gate = s.gate;
        this.title = s.title;
        this.passed = s.passed;
        this.errors = new ArrayList<>(s.errors);
        this.counts = new LinkedHashMap<>(s.counts);
        this.summary = new LinkedHashMap<>(s.summary);
        this.verdict = s.verdict;
    }

    /** First free id for this gate in this build: {@code scan}, then {@code scan-2}, … */
    static String nextId(Run<?, ?> run, String gate) {
        List<String> taken = run.getActions(GateReportAction.class).stream().map(GateReportAction::getId).toList();
        String id = gate;
        for (int i = 2; taken.contains(id); i++) {
            id = gate + "-" + i;
        }
        return id;
    }

    /** Copies the HTML report and the JSON evidence from the workspace into the build and attaches the action. */
    static synchronized GateReportAction record(Run<?, ?> run, FilePath reportDir, String id, StepSummary s)
            throws IOException, InterruptedException {
        File dir = new File(run.getRootDir(), DIR);
        Files.createDirectories(dir.toPath());
        reportDir.child(s.files.get("html")).copyTo(new FilePath(new File(dir, id + ".html")));
        reportDir.child(s.files.get("json")).copyTo(new FilePath(new File(dir, id + ".json")));
        GateReportAction action = new GateReportAction(id, s);
        run.addAction(action);
        run.save();
        return action;
    }

    /** The JSON evidence recorded by this build's gate steps, for the promotion gate (files, not build.xml). */
    static List<File> evidenceOf(Run<?, ?> run) {
        return run.getActions(GateReportAction.class).stream().filter(a -> a.verdict == null)
                .map(a -> a.sideFile("json")).filter(File::isFile).toList();
    }

    File sideFile(String extension) {
        return new File(new File(run.getRootDir(), DIR), id + "." + extension);
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getId() {
        return id;
    }

    public String getGate() {
        return gate;
    }

    public String getTitle() {
        return title;
    }

    public boolean isPassed() {
        return passed;
    }

    public String getVerdict() {
        return verdict;
    }

    public List<String> getErrors() {
        return Collections.unmodifiableList(errors);
    }

    public Map<String, Long> getCounts() {
        return Collections.unmodifiableMap(counts);
    }

    public Map<String, Long> getSummary() {
        return Collections.unmodifiableMap(summary);
    }

    public long getTotal() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Conditions that blocked (the promotion gate), or 0. */
    public long getBlocking() {
        return counts.getOrDefault("block", 0L);
    }

    /**
     * The trend's cell: the status with the one number that explains it. The promotion gate counts its blocking (or
     * warning) conditions, not all of them; an inventory says how many components it found; other steps count their
     * findings.
     */
    public String getTrendLabel() {
        String status = getStatus();
        if (verdict != null) {
            return switch (status) {
                case "BLOCK" -> status + " · " + getBlocking() + " blocking";
                case "WARN" -> status + " · " + counts.getOrDefault("warn", 0L) + " warning";
                default -> status;
            };
        }
        Long components = summary.get("components");
        long findings = getTotal();
        if (components != null) {
            return status + " · " + components + " components" + (findings == 0 ? "" : ", " + findings + " findings");
        }
        return status + " · " + findings + " findings";
    }

    /** "critical 0, high 2, medium 1, low 0, info 0" for logs and tooltips. */
    public String getCountsLine() {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * The counts line, led by how many components the step looked at when it says so ("15 components; critical 0, …"):
     * an inventory of nothing must not read like a clean one.
     */
    public String getHeadline() {
        if (verdict != null) {
            long all = counts.entrySet().stream().filter(e -> !e.getKey().equals("waived"))
                    .mapToLong(Map.Entry::getValue).sum();
            return getBlocking() + " blocking, " + counts.getOrDefault("warn", 0L) + " warning, "
                    + counts.getOrDefault("waived", 0L) + " waived of " + all + " conditions";
        }
        Long components = summary.get("components");
        return components == null ? getCountsLine() : components + " components; " + getCountsLine();
    }

    /** The engine's summary counts under readable labels ("advisoryFindings" reads "advisory findings"). */
    public Map<String, Long> getSummaryLabelled() {
        Map<String, Long> out = new LinkedHashMap<>();
        summary.forEach((k, v) -> out.put(label(k), v));
        return Collections.unmodifiableMap(out);
    }

    /** camelCase key to words; the data sources' acronyms stay upper case. */
    static String label(String key) {
        StringBuilder out = new StringBuilder();
        for (String word : key.split("(?<=[a-z0-9])(?=[A-Z])")) {
            String w = word.toLowerCase(Locale.ROOT);
            out.append(out.length() == 0 ? "" : " ").append(ACRONYMS.contains(w) ? w.toUpperCase(Locale.ROOT) : w);
        }
        return out.toString();
    }

    private static final Set<String> ACRONYMS = Set.of("cpe", "nvd", "osv", "sbom", "jvm", "os");

    /**
     * One vocabulary with the promotion gate: PASS, or WARN for a gate step whose findings reached its {@code failOn}
     * (it marks the stage and build UNSTABLE; only {@code promotionGate} blocks); the verdict for the promotion gate.
     */
    public String getStatus() {
        return verdict != null ? verdict : passed ? "PASS" : "WARN";
    }

    /**
     * No side-panel entry of its own: the build's one "Release gates" entry ({@link BuildGatesAction}) lists every gate
     * run; this page stays reachable under {@link #getUrlName()}.
     */
    @Override
    public String getIconFileName() {
        return null;
    }

    /**
     * The report for this page, rendered on the controller from the stored JSON (evidence or verdict) by the engine,
     * which escapes every value: the HTML file the step left in the workspace is never put into Jenkins' pages.
     */
    public Rendered getReport() {
        run.checkPermission(Item.READ);
        try {
            return new Rendered(ReportPages.render(sideFile("json").toPath(), passed).body(), null);
        } catch (BadInputException e) {
            return new Rendered(null, "The report cannot be shown: " + e.getMessage());
        }
    }

    /** The report's HTML body (engine-escaped), or the one line saying why there is none. */
    public static final class Rendered {
        private final String body;
        private final String error;

        Rendered(String body, String error) {
            this.body = body;
            this.error = error;
        }

        public String getBody() {
            return body;
        }

        public String getError() {
            return error;
        }
    }

    @Override
    public String getDisplayName() {
        return Messages.GateReportAction_DisplayName(title);
    }

    @Override
    public String getUrlName() {
        return "release-gates-" + id;
    }

    /** The standalone report file the step wrote (with its own sorting script), sandboxed. */
    public void doReport(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        serve(rsp, "html", "text/html;charset=UTF-8");
    }

    /** The JSON evidence this step recorded. */
    public void doEvidence(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        serve(rsp, "json", "application/json;charset=UTF-8");
    }

    private void serve(StaplerResponse2 rsp, String extension, String contentType) throws IOException {
        run.checkPermission(Item.READ);
        File file = sideFile(extension);
        if (!file.isFile()) {
            rsp.sendError(404);
            return;
        }
        rsp.setContentType(contentType);
        rsp.setHeader("Content-Security-Policy", REPORT_CSP);
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        Files.copy(file.toPath(), rsp.getOutputStream());
    }
}
