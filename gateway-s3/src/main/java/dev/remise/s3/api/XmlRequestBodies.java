package dev.remise.s3.api;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reading client XML bodies safely. The JDK's own StAX parser is used with DTDs and external
 * entities off and any DOCTYPE refused, so a body cannot make the server fetch or expand anything
 * (XXE, billion laughs). Every structural problem is {@link S3Error#MALFORMED_XML}.
 */
final class XmlRequestBodies {
  private XmlRequestBodies() {}

  /**
   * Opens {@code body} positioned on its root element, which must be {@code root} in the S3
   * namespace.
   */
  static XMLStreamReader openRoot(byte[] body, String root) throws XMLStreamException {
    XMLStreamReader reader = newFactory().createXMLStreamReader(new ByteArrayInputStream(body));
    nextElement(reader);
    if (!reader.getLocalName().equals(root) || !inS3Namespace(reader)) {
      throw malformed();
    }
    return reader;
  }

  /** After the root's end tag, only comments, whitespace or instructions may follow. */
  static void expectEnd(XMLStreamReader reader) throws XMLStreamException {
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.DTD) {
        throw malformed();
      }
    }
  }

  /** Moves to the root element, refusing a DOCTYPE on the way. */
  private static void nextElement(XMLStreamReader reader) throws XMLStreamException {
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.DTD) {
        throw malformed();
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        return;
      }
    }
    throw malformed();
  }

  /** Skips the element the reader is on, children included, leaving the reader on its end tag. */
  static void skipElement(XMLStreamReader reader) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  private static boolean inS3Namespace(XMLStreamReader reader) {
    String namespace = reader.getNamespaceURI();
    return namespace == null || namespace.isEmpty() || namespace.equals(S3Xml.NAMESPACE);
  }

  private static XMLInputFactory newFactory() {
    // The JDK's implementation whatever else is on the classpath, configured per call: factories
    // are not documented as thread-safe, and these bodies are small and rare.
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return factory;
  }

  static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  static S3Exception malformed() {
    return new S3Exception(
        S3Error.MALFORMED_XML,
        "The XML you provided was not well-formed or did not validate against our published schema.");
  }
}
