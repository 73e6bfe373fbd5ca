package io.releasegates.fleet.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.releasegates.integrity.watch.FileAlert;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/alerts}: JSON lines as {@code integrity watch} writes them. Every field is checked
 * before anything is stored (agents are trusted with the token, not with well-formed input); the first bad line
 * refuses the whole body, naming the line.
 */
final class AlertLines {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RULE = Pattern.compile("RG-[A-Z0-9-]{1,37}");
    private static final Set<String> SEVERITIES = Set.of("info", "low", "medium", "high", "critical");
    static final int MAX_ALERTS = 10_000;

    private AlertLines() {
    }

    static List<FileAlert> read(byte[] body) {
        List<FileAlert> alerts = new ArrayList<>();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (alerts.size() == MAX_ALERTS) {
                throw new BadInputException("request body: more than " + MAX_ALERTS + " alerts in one request");
            }
            alerts.add(check(parse(line, i + 1), i + 1));
        }
        if (alerts.isEmpty()) {
            throw new BadInputException("request body: no alerts (expected JSON lines from integrity watch)");
        }
        return alerts;
    }

    private static FileAlert parse(String line, int n) {
        try {
            return Json.mapper().readValue(line, FileAlert.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("request body line " + n + ": not an alert (" + e.getOriginalMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("request body line " + n + ": not an alert (" + e.getMessage() + ")");
        }
    }

    private static FileAlert check(FileAlert a, int n) {
        require(a.host() != null && !a.host().isBlank() && a.host().length() <= 255, n, "host missing or longer than 255");
        require(a.root() != null && a.root().length() <= 4000, n, "root missing or longer than 4000");
        require(!a.path().isEmpty() && a.path().length() <= 4000, n, "path empty or longer than 4000");
        require(FileAlert.OPEN.equals(a.state()) || FileAlert.RESOLVED.equals(a.state()), n, "state is not open or resolved");
        require(a.severity() != null && SEVERITIES.contains(a.severity()), n, "unknown severity");
        require(a.ruleId() != null && RULE.matcher(a.ruleId()).matches(), n, "ruleId is not a rule id");
        require(a.baselineSha256() == null || SHA256.matcher(a.baselineSha256()).matches(), n, "baselineSha256 is not a SHA-256");
        require(a.sha256() == null || SHA256.matcher(a.sha256()).matches(), n, "sha256 is not a SHA-256");
        String message = a.message() == null ? "" : a.message();
        // a long message is cut rather than refused: it is for people, the facts are in the other fields
        message = message.length() > 2000 ? message.substring(0, 1999) + "…" : message;
        return new FileAlert(a.time(), a.host(), a.root(), a.path(), a.change(), a.state(), a.severity(), a.ruleId(),
                a.baselineSha256(), a.sha256(), message);
    }

    private static void require(boolean ok, int n, String problem) {
        if (!ok) {
            throw new BadInputException("request body line " + n + ": " + problem);
        }
    }
}
