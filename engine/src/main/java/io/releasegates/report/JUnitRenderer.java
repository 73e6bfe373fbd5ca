package io.releasegates.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML as Jenkins' junit step reads it: one test case per examined subject, failed when a finding at or above
 * the threshold names it; run errors become errored test cases so an incomplete run never looks green.
 */
public final class JUnitRenderer {
    private JUnitRenderer() {
    }

    public static String render(GateReport report, Severity threshold) {
        Map<String, List<Finding>> bySubject = new LinkedHashMap<>();
        report.subjects().forEach(s -> bySubject.put(s, new ArrayList<>()));
        for (Finding f : report.findings()) {
            String key = f.subject().isEmpty() ? f.ruleId() + " " + f.location() : f.subject();
            bySubject.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        long failures = bySubject.values().stream()
                .filter(l -> l.stream().anyMatch(f -> f.severity().isAtLeast(threshold))).count();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "release-gates." + report.gate());
            x.writeAttribute("tests", String.valueOf(bySubject.size() + report.errors().size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", String.valueOf(report.errors().size()));
            x.writeAttribute("timestamp", report.generatedAt().toString());
            for (Map.Entry<String, List<Finding>> e : bySubject.entrySet()) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "release-gates." + report.gate());
                x.writeAttribute("name", e.getKey());
                List<Finding> blocking = e.getValue().stream().filter(f -> f.severity().isAtLeast(threshold)).toList();
                if (!blocking.isEmpty()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", blocking.size() + " finding(s) at or above " + threshold.label());
                    x.writeAttribute("type", blocking.get(0).ruleId());
                    x.writeCharacters(describe(blocking));
                    x.writeEndElement();
                } else if (!e.getValue().isEmpty()) {
                    x.writeStartElement("system-out");
                    x.writeCharacters(describe(e.getValue()));
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            for (String error : report.errors()) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "release-gates." + report.gate());
                x.writeAttribute("name", "run completed");
                x.writeStartElement("error");
                x.writeAttribute("message", error);
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render JUnit XML", e);
        }
        return out.toString();
    }

    private static String describe(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append('[').append(f.severity().label()).append("] ").append(f.ruleId()).append(": ")
                    .append(f.message().isEmpty() ? f.title() : f.message());
            if (!f.location().isEmpty()) {
                sb.append(" (").append(f.location()).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
