package io.releasegates.cli;

import io.releasegates.gate.ResultGroups;
import io.releasegates.gate.ResultGroups.Group;
import io.releasegates.gate.ResultGroups.Row;
import java.io.PrintWriter;
import java.util.List;

/**
 * The terminal listing of what blocks: one heading per component (with its file when every row has the same one),
 * then a line per finding with status, severity, rule and reason. Colour only on a terminal, and never when NO_COLOR
 * is set (no-color.org) or TERM is dumb: piped output and CI logs stay plain text.
 */
final class ResultListing {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";

    private ResultListing() {
    }

    /** Whether stdout is a terminal that wants colour. */
    static boolean colour() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty())
                && !"dumb".equals(System.getenv("TERM"));
    }

    static void print(PrintWriter out, List<Group> groups, boolean colour) {
        int ruleWidth = groups.stream().flatMap(g -> g.rows().stream()).mapToInt(r -> r.ruleId().length()).max()
                .orElse(0);
        for (Group g : groups) {
            String file = g.commonLocation();
            out.println("  " + paint(BOLD, g.component(), colour)
                    + (file.isEmpty() || file.equals(g.component()) ? "" : "  " + file));
            for (Row r : g.rows()) {
                StringBuilder line = new StringBuilder("    ")
                        .append(paint(statusColour(r.status()), pad(r.status(), 5), colour)).append(' ')
                        .append(paint(severityColour(r.severity()), pad(r.severity(), 8), colour)).append(' ')
                        .append(pad(r.ruleId(), ruleWidth)).append("  ");
                if (file.isEmpty() && !r.location().isEmpty()) {
                    line.append(r.location()).append(": ");
                }
                line.append(r.reason());
                if (!r.threshold().isEmpty()) {
                    line.append(" [").append(r.threshold()).append(']');
                }
                if (!r.waiver().isEmpty()) {
                    line.append(" (").append(r.waiver()).append(')');
                }
                out.println(line);
            }
        }
        out.flush();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String paint(String code, String text, boolean colour) {
        return colour && !code.isEmpty() ? code + text + RESET : text;
    }

    private static String statusColour(String status) {
        return switch (status) {
            case "BLOCK", "FAIL" -> "\u001b[1;31m";
            case "WARN" -> "\u001b[33m";
            case "PASS" -> "\u001b[32m";
            default -> "";
        };
    }

    private static String severityColour(String severity) {
        return ResultGroups.severity(severity).map(s -> switch (s) {
            case CRITICAL, HIGH -> "\u001b[31m";
            case MEDIUM -> "\u001b[33m";
            default -> "";
        }).orElse("");
    }
}
