package io.releasegates.jenkins;

import hudson.Extension;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.RootAction;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerProxy;

/**
 * "Fleet patch levels": the engine-rendered fleet dashboard from the configured store. Every URL below it passes
 * {@link #getTarget()} first, so the permission check precedes every endpoint. Administrators have the permission;
 * operators can be granted it alone.
 */
@Extension
public class FleetAction implements RootAction, StaplerProxy {
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
        return "release-gates-fleet";
    }
}
