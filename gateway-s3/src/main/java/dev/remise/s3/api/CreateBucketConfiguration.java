package dev.remise.s3.api;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The optional body of CreateBucket. Remise serves one region, so only {@code LocationConstraint}
 * matters: the handler compares it with the cluster's region. Other elements (directory-bucket
 * {@code Location} and {@code Bucket}, {@code ObjectOwnership}) are accepted and ignored.
 *
 * @param locationConstraint the requested region, {@code null} when the body is empty or names none
 *     (us-east-1 at AWS)
 */
public record CreateBucketConfiguration(String locationConstraint) {

  /**
   * Parses a request body. Client XML is read with the JDK's own StAX parser, with DTDs and
   * external entities off and any DOCTYPE refused, so a body cannot make the server fetch or expand
   * anything (XXE, billion laughs).
   *
   * @param body the whole request body; empty or blank means no configuration
   * @throws S3Exception {@link S3Error#MALFORMED_XML} if it is not a well-formed {@code
   *     CreateBucketConfiguration}
   */
  public static CreateBucketConfiguration parse(byte[] body) {
    if (body == null || XmlRequestBodies.isBlank(body)) {
      return new CreateBucketConfiguration(null);
    }
    try {
      XMLStreamReader reader = XmlRequestBodies.openRoot(body, "CreateBucketConfiguration");
      try {
        return read(reader);
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      throw XmlRequestBodies.malformed();
    }
  }

  private static CreateBucketConfiguration read(XMLStreamReader reader) throws XMLStreamException {
    String location = null;
    boolean seen = false;
    while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
      if (reader.getLocalName().equals("LocationConstraint")) {
        if (seen) {
          throw XmlRequestBodies.malformed();
        }
        seen = true;
        String text = reader.getElementText().strip(); // throws on child elements
        location = text.isEmpty() ? null : text;
      } else {
        XmlRequestBodies.skipElement(reader);
      }
    }
    XmlRequestBodies.expectEnd(reader);
    return new CreateBucketConfiguration(location);
  }
}
