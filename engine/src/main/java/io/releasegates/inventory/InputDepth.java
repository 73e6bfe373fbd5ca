package io.releasegates.inventory;

import io.releasegates.report.BadInputException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Refuses JSON and XML nested deeper than a limit before a recursive reader sees it. Libraries that build object
 * trees (CycloneDX's parsers, DOM's getTextContent) recurse once per level: 10,000 levels of {@code <component>}
 * overflowed the stack (issue 14). These checks stream with a counter, so they cannot overflow themselves. A
 * document malformed in another way passes here and is reported by the real parser.
 */
public final class InputDepth {
    /** Far beyond any real SBOM, feed or config (components nest a handful of levels), far below a stack's reach. */
    public static final int MAX_DEPTH = 100;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

    private InputDepth() {
    }

    /** JSON or XML by its first non-blank byte; anything else is left to the caller's parser. */
    public static void require(byte[] data, String origin) {
        for (byte b : data) {
            if (b == '<') {
                requireXml(data, origin);
                return;
            }
            if (b == '{' || b == '[') {
                requireJson(data, origin);
                return;
            }
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return;
            }
        }
    }

    public static void requireJson(byte[] data, String origin) {
        try (JsonParser p = JSON.createParser(data)) {
            while (p.nextToken() != null) {
                p.skipChildren();
            }
        } catch (StreamConstraintsException e) {
            throw tooDeep(origin);
        } catch (IOException e) {
            // malformed in another way: the real parser says how
        }
    }

    public static void requireXml(byte[] data, String origin) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(new ByteArrayInputStream(data));
            int depth = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT && ++depth > MAX_DEPTH) {
                    throw tooDeep(origin);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            // malformed in another way: the real parser says how
        } finally {
            close(r);
        }
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // nothing held
            }
        }
    }

    private static BadInputException tooDeep(String origin) {
        return new BadInputException(origin + ": nested deeper than " + MAX_DEPTH + " levels: refused");
    }
}
