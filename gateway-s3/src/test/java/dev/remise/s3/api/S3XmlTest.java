package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.s3.api.ListingPosition.AfterCommonPrefix;
import dev.remise.s3.api.ListingPosition.AfterKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: each body against a file under {@code s3/api/}. The files are indented for reading;
 * indentation between tags is removed before comparing, since S3 bodies have none (no golden text
 * starts or ends with a space).
 */
class S3XmlTest {
  private static final Owner OWNER = new Owner("GK31c2f218a2e44f485b94239e", "my-key");
  private static final Instant AWS_EXAMPLE_DATE = Instant.parse("2009-10-12T17:50:30Z");

  @Test
  void errorBodyIsAwsErrorDocument() {
    String xml = S3Xml.error(S3Error.NO_SUCH_KEY, null, "/photos/a&b.jpg", "4442587FB7D0A2F9");

    assertThat(xml)
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message>"
                + "<Resource>/photos/a&amp;b.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>");
  }

  @Test
  void errorBodyOmitsAbsentResourceAndRequestId() {
    String xml =
        S3Xml.error(S3Error.NOT_IMPLEMENTED, "GetBucketCors is not implemented", null, null);

    assertThat(xml)
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NotImplemented</Code>"
                + "<Message>GetBucketCors is not implemented</Message></Error>");
  }

  @Test
  void listAllMyBuckets() {
    String xml =
        S3Xml.listAllMyBuckets(
            OWNER,
            List.of(
                new ListedBucket("photos", AWS_EXAMPLE_DATE),
                new ListedBucket("videos", Instant.parse("2024-02-29T23:59:59.999999Z"))));

    assertThat(xml).isEqualTo(golden("list-all-my-buckets.xml"));
  }

  @Test
  void listAllMyBucketsWithNoBuckets() {
    assertThat(S3Xml.listAllMyBuckets(OWNER, List.of()))
        .endsWith("</Owner><Buckets></Buckets></ListAllMyBucketsResult>");
  }

  @Test
  void listObjectsV2TruncatedPageWithCommonPrefix() {
    var params =
        new ListObjectsV2Params(
            "2006/", "/", 2, null, new AfterKey("2006/a.jpg").toContinuationToken(), false, false);
    var page =
        new ListingPage(
            List.of(
                object(
                    "2006/b&w.jpg", 434234, "fba9dede5f27731c9771645a39863328", AWS_EXAMPLE_DATE)),
            List.of("2006/February/"),
            true,
            new AfterCommonPrefix("2006/February/"));

    // The owner is not shown: fetch-owner was not asked for.
    assertThat(S3Xml.listObjectsV2("photos", params, page, OWNER))
        .isEqualTo(golden("list-objects-v2.xml"));
  }

  @Test
  void listObjectsV2UrlEncodesKeysPrefixesDelimiterAndStartAfter() {
    var params =
        new ListObjectsV2Params("café menu/", "|", 1000, "café menu/a+b", null, true, true);
    var page =
        new ListingPage(
            List.of(
                object(
                    "café menu/bell\u0007\r\n.txt",
                    0,
                    "d41d8cd98f00b204e9800998ecf8427e-2",
                    Instant.parse("2024-01-02T03:04:05.678Z"))),
            List.of("café menu/😀|"),
            false,
            null);

    assertThat(S3Xml.listObjectsV2("photos", params, page, OWNER))
        .isEqualTo(golden("list-objects-v2-url.xml"));
  }

  @Test
  void listObjectsV1GivesNextMarkerWhenADelimiterWasGiven() {
    var params = new ListObjectsV1Params("", "/", 2, "2005/", false);
    var page =
        new ListingPage(
            List.of(object("2005.txt", 12, "fba9dede5f27731c9771645a39863328", AWS_EXAMPLE_DATE)),
            List.of("2006/"),
            true,
            new AfterCommonPrefix("2006/"));

    assertThat(S3Xml.listObjects("photos", params, page, OWNER))
        .isEqualTo(golden("list-objects-v1.xml"));
  }

  @Test
  void listObjectsV1EmptyLastPage() {
    var params = new ListObjectsV1Params("a", null, 1000, null, false);
    var page = new ListingPage(List.of(), List.of(), false, null);

    assertThat(S3Xml.listObjects("photos", params, page, OWNER))
        .isEqualTo(golden("list-objects-v1-last-page.xml"));
  }

  @Test
  void listObjectsV1WithoutDelimiterLeavesNextMarkerToTheLastKey() {
    var params = new ListObjectsV1Params("", null, 1, null, false);
    var page =
        new ListingPage(
            List.of(object("a", 1, "e", AWS_EXAMPLE_DATE)), List.of(), true, new AfterKey("a"));

    assertThat(S3Xml.listObjects("photos", params, page, null))
        .doesNotContain("NextMarker")
        .doesNotContain("Owner")
        .contains("<IsTruncated>true</IsTruncated>");
  }

  @Test
  void locationConstraint() {
    assertThat(S3Xml.locationConstraint("garage"))
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">garage</LocationConstraint>");
    assertThat(S3Xml.locationConstraint(null))
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></LocationConstraint>");
  }

  @Test
  void timestampsAreUtcWithMilliseconds() {
    assertThat(S3Xml.timestamp(Instant.parse("2009-10-12T17:50:30Z")))
        .isEqualTo("2009-10-12T17:50:30.000Z");
    assertThat(S3Xml.timestamp(Instant.parse("1999-12-31T23:59:59.123456789Z")))
        .isEqualTo("1999-12-31T23:59:59.123Z");
    assertThat(S3Xml.timestamp(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
  }

  @Test
  void listingOfAwkwardKeysParsesBackToTheSameKeys() throws XMLStreamException {
    List<String> keys =
        List.of("a&b<c>\"d'", "tab\there", "line\nfeed", "carriage\rreturn", "€😀", "\uFFFD");
    var page =
        new ListingPage(
            keys.stream().map(k -> object(k, 1, "e", AWS_EXAMPLE_DATE)).toList(),
            List.of(),
            false,
            null);

    String xml = S3Xml.listObjectsV2("b", ListObjectsV2Params.defaults(), page, null);

    assertThat(elementTexts(xml, "Key")).containsExactlyElementsOf(keys);
  }

  private static ListedObject object(String key, long size, String etag, Instant lastModified) {
    return new ListedObject(key, size, etag, lastModified);
  }

  private static List<String> elementTexts(String xml, String name) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
    List<String> texts = new java.util.ArrayList<>();
    while (reader.hasNext()) {
      if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals(name)) {
        texts.add(reader.getElementText());
      }
    }
    return texts;
  }

  static String golden(String name) {
    try (InputStream in = S3XmlTest.class.getResourceAsStream("/s3/api/" + name)) {
      assertThat(in).as(name).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().map(String::strip).collect(Collectors.joining());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
