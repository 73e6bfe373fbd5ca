package io.releasegates.scan;

import io.releasegates.files.RegularFiles;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Finding;
import io.releasegates.inventory.XmlInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Dependency-Check suppression XML ({@code <suppressions><suppress until="…">…}) applied to our merged findings.
 * Selectors: filePath, sha1, gav, packageUrl (each may be {@code regex="true"}); what is suppressed: cve,
 * vulnerabilityName, cwe, cvssBelow, or cpe (every advisory found through that CPE). Parsed with DTDs and
 * external entities off: the file may come from anywhere.
 */
final class DcSuppressions {
    /** One {@code <suppress>} element. */
    record Rule(int index, String notes, Optional<LocalDate> until, List<Matcher> selectors, List<Matcher> targets,
                List<Double> cvssBelow) {
        boolean applies(Finding f) {
            if (!selectors.stream().allMatch(s -> s.test(f))) {
                return false;
            }
            if (targets.isEmpty() && cvssBelow.isEmpty()) {
                return false;
            }
            if (targets.stream().anyMatch(t -> t.test(f))) {
                return true;
            }
            String score = f.properties().get("cvssScore");
            return score != null && cvssBelow.stream().anyMatch(limit -> Double.parseDouble(score) < limit);
        }
    }

    /** One element test: which finding field it reads, and the literal or regex it wants. */
    record Matcher(String element, Pattern pattern, boolean regex, String literal) {
        boolean test(Finding f) {
            return switch (element) {
                case "filePath" -> hit(f.location());
                case "sha1" -> literal.equalsIgnoreCase(f.properties().getOrDefault("sha1", ""));
                case "gav" -> hit(gav(f.properties().getOrDefault("purl", "")));
                case "packageUrl" -> hit(f.properties().getOrDefault("purl", "")) || hit(f.subject());
                case "cve", "vulnerabilityName" -> hit(f.ruleId()) || List.of(f.properties().getOrDefault("aliases", "").split(",")).stream().anyMatch(this::hit);
                case "cwe" -> false;
                case "cpe" -> f.properties().getOrDefault("match", "").contains(literal);
                default -> false;
            };
        }

        private boolean hit(String value) {
            return regex ? pattern.matcher(value).find() : literal.equals(value);
        }

        private static String gav(String purl) {
            // pkg:maven/g/a@v -> g:a:v
            if (!purl.startsWith("pkg:maven/")) {
                return "";
            }
            String rest = purl.substring("pkg:maven/".length());
            int q = rest.indexOf('?');
            rest = q >= 0 ? rest.substring(0, q) : rest;
            return rest.replaceFirst("/", ":").replace('@', ':');
        }
    }

    private DcSuppressions() {
    }

    static List<Rule> load(Path file) {
        try {
            Element root = XmlInput.parse(RegularFiles.readNamed(file), file.toString(), true).getDocumentElement();
            if (!"suppressions".equals(root.getLocalName() == null ? root.getTagName() : root.getLocalName())) {
                throw new BadInputException(file + ": not a Dependency-Check suppression file (root is <" + root.getTagName() + ">)");
            }
            List<Rule> rules = new ArrayList<>();
            NodeList suppress = root.getChildNodes();
            for (int i = 0; i < suppress.getLength(); i++) {
                if (suppress.item(i) instanceof Element e && "suppress".equals(name(e))) {
                    rules.add(rule(file, rules.size() + 1, e));
                }
            }
            return List.copyOf(rules);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (SAXException e) {
            throw new BadInputException(file + ": not well-formed or not allowed XML (" + e.getMessage() + ")", e);
        }
    }

    private static Rule rule(Path file, int index, Element e) {
        Optional<LocalDate> until = Optional.empty();
        String untilText = e.getAttribute("until");
        if (!untilText.isBlank()) {
            until = Optional.of(date(file, index, untilText.trim()));
        }
        List<Matcher> selectors = new ArrayList<>();
        List<Matcher> targets = new ArrayList<>();
        List<Double> cvssBelow = new ArrayList<>();
        String notes = "";
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element c)) {
                continue;
            }
            String element = name(c);
            String text = c.getTextContent().trim();
            boolean regex = "true".equals(c.getAttribute("regex"));
            Pattern pattern;
            try {
                pattern = regex ? Pattern.compile(text) : Pattern.compile(Pattern.quote(text));
            } catch (PatternSyntaxException ex) {
                throw new BadInputException(file + ": suppress #" + index + " <" + element + "> is not a valid regex (" + ex.getDescription() + ")");
            }
            Matcher m = new Matcher(element, pattern, regex, text);
            switch (element) {
                case "notes" -> notes = text;
                case "filePath", "sha1", "gav", "packageUrl" -> selectors.add(m);
                case "cve", "vulnerabilityName", "cwe", "cpe" -> targets.add(m);
                case "cvssBelow", "cvssV2Below", "cvssV3Below", "cvssV4Below" -> {
                    try {
                        cvssBelow.add(Double.parseDouble(text));
                    } catch (NumberFormatException ex) {
                        throw new BadInputException(file + ": suppress #" + index + " <" + element + "> is not a number");
                    }
                }
                default -> throw new BadInputException(file + ": suppress #" + index + " has unknown element <" + element + ">");
            }
        }
        return new Rule(index, notes, until, selectors, targets, cvssBelow);
    }

    private static LocalDate date(Path file, int index, String text) {
        try {
            return LocalDate.parse(text.endsWith("Z") ? text.substring(0, text.length() - 1) : text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            } catch (DateTimeParseException e2) {
                throw new BadInputException(file + ": suppress #" + index + " until='" + text + "' is not a date (YYYY-MM-DD)");
            }
        }
    }

    private static String name(Node n) {
        return n.getLocalName() == null ? n.getNodeName() : n.getLocalName();
    }

}
