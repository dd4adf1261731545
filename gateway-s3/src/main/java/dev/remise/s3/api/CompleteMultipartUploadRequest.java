package dev.remise.s3.api;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The body of CompleteMultipartUpload: the parts, in the order the client wants them, each named by
 * part number and the ETag UploadPart returned (quotes optional, as clients differ). Checksums per
 * part are accepted and ignored for now.
 */
public record CompleteMultipartUploadRequest(List<CompletedPart> parts) {

  public CompleteMultipartUploadRequest {
    parts = List.copyOf(parts);
  }

  public record CompletedPart(int partNumber, String etag) {}

  /**
   * @throws S3Exception MalformedXML for anything but a well-formed, non-empty part list
   */
  public static CompleteMultipartUploadRequest parse(byte[] body) {
    if (body == null || XmlRequestBodies.isBlank(body)) {
      throw XmlRequestBodies.malformed();
    }
    try {
      XMLStreamReader reader = XmlRequestBodies.openRoot(body, "CompleteMultipartUpload");
      try {
        List<CompletedPart> parts = new ArrayList<>();
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
          if (reader.getLocalName().equals("Part")) {
            parts.add(part(reader));
          } else {
            XmlRequestBodies.skipElement(reader);
          }
        }
        XmlRequestBodies.expectEnd(reader);
        if (parts.isEmpty()) {
          throw XmlRequestBodies.malformed();
        }
        return new CompleteMultipartUploadRequest(parts);
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      throw XmlRequestBodies.malformed();
    }
  }

  private static CompletedPart part(XMLStreamReader reader) throws XMLStreamException {
    Integer number = null;
    String etag = null;
    while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
      switch (reader.getLocalName()) {
        case "PartNumber" -> {
          try {
            number = Integer.parseInt(reader.getElementText().strip());
          } catch (NumberFormatException e) {
            throw XmlRequestBodies.malformed();
          }
        }
        case "ETag" -> etag = unquote(reader.getElementText().strip());
        default -> XmlRequestBodies.skipElement(reader);
      }
    }
    if (number == null || etag == null) {
      throw XmlRequestBodies.malformed();
    }
    return new CompletedPart(number, etag);
  }

  private static String unquote(String etag) {
    String e = etag.replace("&quot;", "\"");
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")
        ? e.substring(1, e.length() - 1)
        : e;
  }
}
