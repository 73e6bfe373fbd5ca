package io.releasegates.jenkins;

import hudson.Util;

/**
 * One console page as Jenkins shows it: the engine's HTML fragment (already escaped by the engine, every link under
 * the action's URL) or a one-line error, inside Jenkins' layout with the console's side panel. Made per request by
 * {@link FleetAction}; it has no URL of its own.
 */
public final class ConsolePage {
    private final FleetAction action;
    private final String base;
    private final String environment;
    private final String title;
    private final String body;
    private final String error;

    ConsolePage(FleetAction action, String base, String environment, String title, String body, String error) {
        this.action = action;
        this.base = base;
        this.environment = Util.fixEmpty(environment);
        // the standalone pages name the fleet in their titles; inside Jenkins the breadcrumbs say it
        this.title = title.endsWith(" · fleet") ? title.substring(0, title.length() - " · fleet".length()) : title;
        this.body = body;
        this.error = error;
    }

    public FleetAction getAction() {
        return action;
    }

    /** The action's URL (context path included): the console's own links start with it too. */
    public String getBase() {
        return base;
    }

    /** {@code ?environment=…} while a page is filtered by environment, so the side panel keeps the filter. */
    public String getEnvironmentQuery() {
        return environment == null ? "" : "?environment=" + Util.rawEncode(environment);
    }

    public String getTitle() {
        return title;
    }

    /** The engine's fragment, or null when the page shows an error. */
    public String getBody() {
        return body;
    }

    public String getError() {
        return error;
    }

    public String getDisplayName() {
        return title;
    }
}
