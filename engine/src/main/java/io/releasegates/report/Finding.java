package io.releasegates.report;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One problem found by a gate.
 *
 * @param ruleId     stable id documented in docs/rules.md (for advisories: the CVE id)
 * @param title      short name of the rule, the same for every finding of that rule
 * @param severity   how bad it is
 * @param subject    what was examined (a component purl, a backup copy, a file) — groups findings per JUnit test case
 * @param location   path the finding is about (inside the package, relative to the checked tree, or a file); may be empty
 * @param message    one line for people; never contains a secret in clear
 * @param properties machine-readable details (purl, cvss, fixedIn, matcher, confidence, …)
 */
public record Finding(String ruleId, String title, Severity severity, String subject, String location, String message,
                      Map<String, String> properties) {

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        title = title == null ? ruleId : title;
        subject = subject == null ? "" : subject;
        location = location == null ? "" : location;
        message = message == null ? "" : message;
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    public static Builder builder(String ruleId, Severity severity) {
        return new Builder(ruleId, severity);
    }

    /** Keeps call sites readable when most fields are optional. */
    public static final class Builder {
        private final String ruleId;
        private final Severity severity;
        private String title;
        private String subject;
        private String location;
        private String message;
        private final Map<String, String> properties = new TreeMap<>();

        private Builder(String ruleId, Severity severity) {
            this.ruleId = ruleId;
            this.severity = severity;
        }

        public Builder title(String value) {
            this.title = value;
            return this;
        }

        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        public Builder location(String value) {
            this.location = value;
            return this;
        }

        public Builder message(String value) {
            this.message = value;
            return this;
        }

        public Builder property(String key, Object value) {
            if (value != null) {
                properties.put(key, String.valueOf(value));
            }
            return this;
        }

        public Finding build() {
            return new Finding(ruleId, title, severity, subject, location, message, properties);
        }
    }
}
