package io.releasegates.inventory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one way untrusted XML becomes a DOM: no DOCTYPE, no external entities or XInclude, a depth limit
 * ({@link InputDepth}), and errors thrown to the caller instead of printed: the parser's default error handler writes
 * {@code [Fatal Error] :1:1: …} lines to stderr, which must never reach a user.
 */
public final class XmlInput {
    /** Throws errors (the caller turns them into one line naming the file); warnings are dropped. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // a warning does not stop the parse and is no business of the user
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private XmlInput() {
    }

    /** Parses {@code data} (named {@code origin} in errors); a too deep document is bad input. */
    public static Document parse(byte[] data, String origin, boolean namespaceAware) throws SAXException, IOException {
        InputDepth.requireXml(data, origin);
        return documentBuilder(namespaceAware).parse(new ByteArrayInputStream(data));
    }

    public static DocumentBuilder documentBuilder(boolean namespaceAware) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(namespaceAware);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(QUIET);
            return b;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the XML parser lacks secure processing: " + e.getMessage(), e);
        }
    }
}
