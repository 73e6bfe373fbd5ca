package io.releasegates.probe;

import io.releasegates.report.Finding;
import io.releasegates.report.Severity;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Stack traces and framework debug or default error pages in a response body. */
final class ErrorPages {
    private record Marker(Pattern pattern, String what, Severity severity) {
    }

    private static final List<Marker> MARKERS = List.of(
            new Marker(Pattern.compile("(?m)^\\s*at [\\w$.]+\\.[\\w$<>]+\\([\\w$]+\\.java:\\d+\\)"), "a Java stack trace", Severity.MEDIUM),
            new Marker(Pattern.compile("Traceback \\(most recent call last\\):"), "a Python traceback", Severity.MEDIUM),
            new Marker(Pattern.compile("(?m)^\\s*at System\\.[\\w.]+\\("), "a .NET stack trace", Severity.MEDIUM),
            new Marker(Pattern.compile("Server Error in '[^']*' Application"), "an ASP.NET error page", Severity.MEDIUM),
            new Marker(Pattern.compile("<b>(Fatal error|Warning|Parse error)</b>:.{0,200}? on line <b>\\d+</b>"), "a PHP error with file and line", Severity.MEDIUM),
            new Marker(Pattern.compile("You're seeing this error because you have <code>DEBUG = True</code>"), "a Django debug page", Severity.MEDIUM),
            new Marker(Pattern.compile("Whitelabel Error Page"), "Spring Boot's default error page", Severity.LOW),
            new Marker(Pattern.compile("<h3>Apache Tomcat/\\d[\\w.]*</h3>"), "Tomcat's default error page with its version", Severity.LOW));

    private ErrorPages() {
    }

    static Optional<Finding> check(Fetcher.Page page, String origin) {
        String text = page.text();
        for (Marker m : MARKERS) {
            if (m.pattern().matcher(text).find()) {
                return Optional.of(ProbeRule.ERROR_DETAILS.finding(m.severity()).subject(origin).location(page.uri().toString())
                        .message("the response (HTTP " + page.status() + ") shows " + m.what()).property("status", page.status())
                        .build());
            }
        }
        return Optional.empty();
    }
}
