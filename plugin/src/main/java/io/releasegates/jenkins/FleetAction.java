package io.releasegates.jenkins;

import hudson.Extension;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.RootAction;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import io.releasegates.fleet.CadencePolicy;
import io.releasegates.fleet.web.FleetDashboard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.releasegates.fleet.store.FleetStore;
import java.util.Map;
import java.util.LinkedHashMap;
import java.time.Clock;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * "Fleet patch levels": the engine-rendered fleet dashboard from the configured store. Every URL below it passes
 * {@link #getTarget()} first, so the permission check precedes every endpoint. Administrators have the permission;
 * operators can be granted it alone.
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

    /** For the page: the whole error line, or null. */
    public String getPolicyErrorLine() {
        String problem = getPolicyError();
        return problem == null ? null : policyErrorLine(problem);
    }

    /**
     * {@code view/…}: the engine's pages ({@code view/}, {@code view/hosts}, {@code view/components/KEY}, the JSON API
     * and exports), with links under the same prefix, served in a sandbox like the build reports.
     */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Jenkins.get().checkPermission(VIEW);
        String rest = req.getRestOfPath();
        if (!rest.equals("/view") && !rest.startsWith("/view/")) {
            rsp.sendError(404);
            return;
        }
        String problem = getPolicyError();
        if (problem != null) {
            // a policy stored before Save refused invalid ones (or edited on disk): say so, never Jenkins' "Oops!"
            rsp.setStatus(500);
            rsp.setContentType("text/plain;charset=UTF-8");
            rsp.setHeader("X-Content-Type-Options", "nosniff");
            rsp.getOutputStream().write(policyErrorLine(problem).getBytes(StandardCharsets.UTF_8));
            return;
        }
        String yaml = ReleaseGatesConfiguration.get().getCadencePolicy();
        FleetDashboard dashboard = dashboard(FleetStoreProvider.get().store(), yaml, req.getContextPath() + "/" + URL + "/view");
        String path = rest.substring("/view".length());
        // every query parameter goes to the console, which validates each (paging, sorting, search, filters)
        Map<String, String> query = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> {
            if (v != null && v.length > 0) {
                query.put(k, v[0]);
            }
        });
        FleetDashboard.Response page = dashboard.request(path.isEmpty() ? "/" : path, query);
        rsp.setStatus(page.status());
        rsp.setContentType(page.contentType());
        rsp.setHeader("Content-Security-Policy", GateReportAction.REPORT_CSP);
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.getOutputStream().write(page.body().getBytes(StandardCharsets.UTF_8));
    }

    /** The dashboard for one store, policy and base path, kept between requests: its console refreshes in the background. */
    private record Cached(FleetStore store, String policy, String base, FleetDashboard dashboard) {
    }

    private static volatile Cached cached;

    private static synchronized FleetDashboard dashboard(FleetStore store, String yaml, String base) {
        Cached c = cached;
        if (c == null || c.store() != store || !java.util.Objects.equals(c.policy(), yaml) || !c.base().equals(base)) {
            CadencePolicy policy = yaml == null ? CadencePolicy.defaults() : CadencePolicy.parse(yaml, "cadence policy");
            c = new Cached(store, yaml, base, new FleetDashboard(store, policy, Clock.systemUTC(), base));
            cached = c;
        }
        return c.dashboard();
    }
}
