package io.releasegates.gate;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML with one test case per condition, so Jenkins' junit step lists every reason: BLOCK conditions fail
 * (WARN ones too when warnings fail the build), SKIPPED ones are skipped, the rest pass.
 */
public final class VerdictJUnit {
    private VerdictJUnit() {
    }

    public static String render(Verdict v, boolean warnFails) {
        long failures = v.conditions().stream().filter(c -> fails(c, warnFails)).count();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "release-gates.gate." + v.environment());
            x.writeAttribute("tests", String.valueOf(v.conditions().size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", String.valueOf(v.count(Status.SKIPPED)));
            x.writeAttribute("timestamp", v.evaluatedAt().toString());
            x.writeCharacters("\n  ");
            x.writeStartElement("properties");
            property(x, "verdict", v.status().label());
            property(x, "environment", v.environment());
            property(x, "package", v.packagePath());
            property(x, "packageSha256", v.packageSha256());
            x.writeEndElement();
            for (Condition c : v.conditions()) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "release-gates.gate." + (c.gate().isEmpty() ? "evidence" : c.gate()));
                x.writeAttribute("name", c.name());
                if (fails(c, warnFails)) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", c.status().label() + ": " + c.reason());
                    x.writeAttribute("type", c.ruleId());
                    x.writeCharacters(c.describe());
                    x.writeEndElement();
                } else if (c.status() == Status.SKIPPED) {
                    x.writeEmptyElement("skipped");
                    x.writeAttribute("message", c.reason());
                } else {
                    x.writeStartElement("system-out");
                    x.writeCharacters(c.describe());
                    x.writeEndElement();
                }
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

    private static boolean fails(Condition c, boolean warnFails) {
        return c.status() == Status.BLOCK || (warnFails && c.status() == Status.WARN);
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }
}
