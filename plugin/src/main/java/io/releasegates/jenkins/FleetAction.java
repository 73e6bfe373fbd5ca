package io.releasegates.jenkins;

import hudson.Extension;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.RootAction;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.store.FleetStore;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.fleet.web.Response;
import io.releasegates.report.HtmlPage;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * "Fleet patch levels": the engine's operations console, rendered by Jenkins in its own page layout. Every console
 * path lives directly under this action ({@code release-gates-fleet/hosts?environment=production},
 * {@code …/advisories/CVE-…}, {@code …/api/list/hosts}, {@code …/export/list/hosts.csv}); the engine builds every link
 * from that base, so a click never leaves Jenkins and its session. HTML pages come back as fragments shown by
 * {@link ConsolePage}; JSON and CSV answers are served as they are. Every URL below the action passes
 * {@link #getTarget()} first, and each handler checks {@link #VIEW} again.
 */
@Extension
public class FleetAction implements RootAction, StaplerProxy {
    static final String URL = "release-gates-fleet";
    public static final PermissionGroup PERMISSIONS =
            new PermissionGroup(FleetAction.class, Messages._FleetAction_PermissionGroup());
    public static final Permission VIEW = new Permission(PERMISSIONS, "ViewFleet",
            Messages._FleetAction_ViewPermission_Description(), Jenkins.ADMINISTER, PermissionScope.JENKINS);

    /** Loads this class before security settings are read, so that a saved grant of {@link #VIEW} resolves. */
    @Initializer(before = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void registerPermissions() {
        // the static fields above do the work
    }

    @Override
    public Object getTarget() {
        Jenkins.get().checkPermission(VIEW);
        return this;
    }

    @Override
    public String getIconFileName() {
        return Jenkins.get().hasPermission(VIEW) ? "symbol-server" : null;
    }

    @Override
    public String getDisplayName() {
        return Messages.FleetAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL;
    }

    /** The configured cadence policy's problem (the engine's one-line message), or null when it is usable. */
    public String getPolicyError() {
        return ReleaseGatesConfiguration.policyProblem(ReleaseGatesConfiguration.get().getCadencePolicy());
    }

    static String policyErrorLine(String problem) {
        return "The fleet page cannot be shown: the update-cadence policy in Manage Jenkins » System » Release Gates "
                + "is invalid (" + problem + "). Correct it there.";
    }

    /** The console's home page ("needs attention"). */
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        serve("/", req, rsp);
    }

    /**
     * Every other console path. {@code view/…} was the prefix of the framed dashboard before the console moved into
     * Jenkins' layout: such links and bookmarks are redirected to the same page.
     */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        Jenkins.get().checkPermission(VIEW);
        String rest = req.getRestOfPath();
        if (rest.equals("/view") || rest.startsWith("/view/")) {
            String query = req.getQueryString();
            rsp.sendRedirect(301, req.getContextPath() + "/" + URL + "/" + rest.substring("/view".length()).replaceFirst("^/", "")
                    + (query == null ? "" : "?" + query));
            return;
        }
        serve(rest.isEmpty() ? "/" : rest, req, rsp);
    }

    private void serve(String path, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        Jenkins.get().checkPermission(VIEW);
        String base = req.getContextPath() + "/" + URL;
        boolean raw = path.startsWith("/api/") || path.startsWith("/export/");
        String problem = getPolicyError();
        if (problem != null) {
            // a policy stored before Save refused invalid ones (or edited on disk): say so, never Jenkins' "Oops!"
            respond(req, rsp, raw, new Response(500, "text/plain; charset=utf-8", policyErrorLine(problem)),
                    base, null);
            return;
        }
        // every query parameter goes to the console, which validates each (paging, sorting, search, filters)
        Map<String, String> query = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> {
            if (v != null && v.length > 0) {
                query.put(k, v[0]);
            }
        });
        Response page = dashboard(FleetStoreProvider.get().store(),
                ReleaseGatesConfiguration.get().getCadencePolicy(), base).request(path, query);
        respond(req, rsp, raw, page, base, query.get("environment"));
    }

    /** HTML pages and the console's one-line errors inside Jenkins' layout; JSON, CSV and API errors as they are. */
    private void respond(StaplerRequest2 req, StaplerResponse2 rsp, boolean raw, Response page,
                         String base, String environment) throws IOException, ServletException {
        Optional<HtmlPage.Fragment> fragment = page.fragment();
        boolean message = page.status() >= 400 && page.contentType().startsWith("text/plain");
        if (!raw && (fragment.isPresent() || message)) {
            ConsolePage view = fragment.map(f -> new ConsolePage(this, base, environment, f.title(), f.body(), null))
                    .orElseGet(() -> new ConsolePage(this, base, environment, getDisplayName(), null, page.body().strip()));
            rsp.setStatus(page.status());
            req.getView(view, "index.jelly").forward(req, rsp);
            return;
        }
        rsp.setStatus(page.status());
        rsp.setContentType(page.contentType());
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        // data, never a document to run: a browser that opens an export shows it, it does not execute it
        rsp.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        if (page.contentType().startsWith("text/csv")) {
            rsp.setHeader("Content-Disposition", "attachment; filename=\"" + path(req) + "\"");
        }
        rsp.getOutputStream().write(page.body().getBytes(StandardCharsets.UTF_8));
    }

    /** The last path segment, as the download's file name (the engine's export names are plain). */
    private static String path(StaplerRequest2 req) {
        String rest = req.getRestOfPath();
        String name = rest.substring(rest.lastIndexOf('/') + 1);
        return name.matches("[A-Za-z0-9._-]+") ? name : "export.csv";
    }

    /** The dashboard for one store, policy and base path, kept between requests: its console refreshes in the background. */
    private record Cached(FleetStore store, String policy, String base, FleetDashboard dashboard) {
    }

    private static volatile Cached cached;

    private static synchronized FleetDashboard dashboard(FleetStore store, String yaml, String base) {
        Cached c = cached;
        if (c == null || c.store() != store || !Objects.equals(c.policy(), yaml) || !c.base().equals(base)) {
            CadencePolicy policy = yaml == null ? CadencePolicy.defaults() : CadencePolicy.parse(yaml, "cadence policy");
            c = new Cached(store, yaml, base, new FleetDashboard(store, policy, Clock.systemUTC(), base));
            cached = c;
        }
        return c.dashboard();
    }
}
