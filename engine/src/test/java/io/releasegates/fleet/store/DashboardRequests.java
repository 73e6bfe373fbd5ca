package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasegates.fleet.web.FleetDashboard;
import io.releasegates.fleet.web.Response;
import io.releasegates.report.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A console URL ("/hosts?environment=production") asked of the dashboard as the server would, for the contracts. */
final class DashboardRequests {
    private DashboardRequests() {
    }

    static Response get(FleetDashboard dashboard, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return dashboard.request(uri.getRawPath(), query);
    }

    /** The answer's JSON, after checking it is a 200. */
    static JsonNode json(FleetDashboard dashboard, String pathAndQuery) throws Exception {
        Response r = get(dashboard, pathAndQuery);
        assertThat(r.status()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }
}
