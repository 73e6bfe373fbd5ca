package io.releasegates.fleet.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.releasegates.report.HtmlPage;
import io.releasegates.report.Json;
import java.util.Optional;

/** A rendered answer: HTTP status, media type and body. */
public record Response(int status, String contentType, String body) {
    static Response html(String body) {
        return new Response(200, "text/html; charset=utf-8", body);
    }

    static Response json(Object value) {
        try {
            return new Response(200, "application/json; charset=utf-8", Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("view not serialisable: " + e.getMessage(), e);
        }
    }

    static Response notFound(String what) {
        return new Response(404, "text/plain; charset=utf-8", "not found: " + what + "\n");
    }

    /**
     * An HTML page's title and body without the standalone shell (its inline style and sorting script), for a
     * host page that shows the console inside its own layout (the Jenkins plugin); empty for JSON, CSV and
     * plain-text answers, which are served as they are. Links in it start with the dashboard's base path.
     */
    public Optional<HtmlPage.Fragment> fragment() {
        return contentType.startsWith("text/html") ? HtmlPage.split(body) : Optional.empty();
    }
}
