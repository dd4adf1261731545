package dev.remise.s3.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The XML bodies the S3 API answers with, element for element as AWS writes them: no indentation,
 * the S3 namespace on result roots (error bodies have none), timestamps as ISO-8601 UTC with
 * milliseconds, entity tags quoted, absent optional elements omitted. SDKs parse these by element
 * name, so names and nesting are the contract; the order follows AWS's own responses for the
 * benefit of stricter clients and of diffing against AWS.
 *
 * <p>With {@code encoding-type=url} a listing percent-encodes what can hold a key: Key, Prefix,
 * Delimiter, StartAfter, Marker, NextMarker and CommonPrefixes/Prefix, the fields botocore and the
 * Java SDK decode.
 */
public final class S3Xml {
  /** The namespace of every S3 result document. */
  public static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private S3Xml() {}

  /**
   * An error body.
   *
   * @param message {@code null} for the error's default message
   * @param resource the bucket or object path; omitted when {@code null}
   * @param requestId omitted when {@code null}
   */
  public static String error(S3Error error, String message, String resource, String requestId) {
    StringBuilder out = new StringBuilder(256);
    XmlWriter xml = XmlWriter.document(out).start("Error");
    xml.element("Code", error.code());
    xml.element("Message", message == null ? error.defaultMessage() : message);
    xml.optionalElement("Resource", resource);
    xml.optionalElement("RequestId", requestId);
    xml.end().finish();
    return out.toString();
  }

  /** The ListBuckets answer. */
  public static String listAllMyBuckets(Owner owner, List<ListedBucket> buckets) {
    StringBuilder out = new StringBuilder(256 + 128 * buckets.size());
    XmlWriter xml = XmlWriter.document(out).start("ListAllMyBucketsResult", NAMESPACE);
    owner(xml, owner);
    xml.start("Buckets");
    for (ListedBucket bucket : buckets) {
      xml.start("Bucket");
      xml.element("Name", bucket.name());
      xml.element("CreationDate", timestamp(bucket.creationDate()));
      xml.end();
    }
    xml.end().end().finish();
    return out.toString();
  }

  /**
   * The ListObjectsV2 answer.
   *
   * @param owner shown in each entry when the request asked with {@code fetch-owner=true}; may be
   *     {@code null}
   */
  public static String listObjectsV2(
      String bucket, ListObjectsV2Params params, ListingPage page, Owner owner) {
    UnaryOperator<String> encode = encoding(params.urlEncoding());
    StringBuilder out = new StringBuilder(512 + 256 * page.keyCount());
    XmlWriter xml = XmlWriter.document(out).start("ListBucketResult", NAMESPACE);
    xml.element("Name", bucket);
    xml.element("Prefix", encode.apply(params.prefix()));
    xml.optionalElement("ContinuationToken", params.continuationToken());
    xml.optionalElement("NextContinuationToken", page.nextContinuationToken());
    xml.element("KeyCount", page.keyCount());
    xml.element("MaxKeys", params.maxKeys());
    xml.optionalElement("StartAfter", encodeOrNull(encode, params.startAfter()));
    xml.optionalElement("Delimiter", encodeOrNull(encode, params.delimiter()));
    xml.optionalElement("EncodingType", params.urlEncoding() ? "url" : null);
    xml.element("IsTruncated", page.truncated());
    entries(xml, page, encode, params.fetchOwner() ? owner : null);
    xml.end().finish();
    return out.toString();
  }

  /**
   * The ListObjects (V1) answer. {@code NextMarker} is given, as AWS does, only when a delimiter
   * was: without one the last key is the next marker, and clients know to use it.
   *
   * @param owner shown in each entry when not {@code null} (V1 always shows it at AWS)
   */
  public static String listObjects(
      String bucket, ListObjectsV1Params params, ListingPage page, Owner owner) {
    UnaryOperator<String> encode = encoding(params.urlEncoding());
    StringBuilder out = new StringBuilder(512 + 256 * page.keyCount());
    XmlWriter xml = XmlWriter.document(out).start("ListBucketResult", NAMESPACE);
    xml.element("Name", bucket);
    xml.element("Prefix", encode.apply(params.prefix()));
    xml.element("Marker", params.marker() == null ? "" : encode.apply(params.marker()));
    if (params.delimiter() != null) {
      xml.optionalElement("NextMarker", encodeOrNull(encode, page.nextMarker()));
    }
    xml.element("MaxKeys", params.maxKeys());
    xml.optionalElement("Delimiter", encodeOrNull(encode, params.delimiter()));
    xml.optionalElement("EncodingType", params.urlEncoding() ? "url" : null);
    xml.element("IsTruncated", page.truncated());
    entries(xml, page, encode, owner);
    xml.end().finish();
    return out.toString();
  }

  /**
   * The GetBucketLocation answer.
   *
   * @param region the cluster's region; {@code null} gives the empty element AWS uses for us-east-1
   */
  public static String locationConstraint(String region) {
    StringBuilder out = new StringBuilder(160);
    XmlWriter xml = XmlWriter.document(out).start("LocationConstraint", NAMESPACE);
    xml.text(region == null ? "" : region).end().finish();
    return out.toString();
  }

  /** The answer to CreateMultipartUpload. */
  public static String initiateMultipartUpload(String bucket, String key, String uploadId) {
    StringBuilder out = new StringBuilder(256);
    XmlWriter xml = XmlWriter.document(out).start("InitiateMultipartUploadResult", NAMESPACE);
    xml.element("Bucket", bucket).element("Key", key).element("UploadId", uploadId);
    xml.end().finish();
    return out.toString();
  }

  /** The answer to CompleteMultipartUpload; {@code etag} unquoted. */
  public static String completeMultipartUpload(
      String location, String bucket, String key, String etag) {
    StringBuilder out = new StringBuilder(256);
    XmlWriter xml = XmlWriter.document(out).start("CompleteMultipartUploadResult", NAMESPACE);
    xml.element("Location", location)
        .element("Bucket", bucket)
        .element("Key", key)
        .element("ETag", "\"" + etag + "\"");
    xml.end().finish();
    return out.toString();
  }

  /** An S3 timestamp: {@code 2009-10-12T17:50:30.000Z}, truncated to milliseconds. */
  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  private static void entries(
      XmlWriter xml, ListingPage page, UnaryOperator<String> encode, Owner owner) {
    for (ListedObject object : page.contents()) {
      xml.start("Contents");
      xml.element("Key", encode.apply(object.key()));
      xml.element("LastModified", timestamp(object.lastModified()));
      xml.element("ETag", "\"" + object.etag() + "\"");
      xml.element("Size", object.size());
      xml.element("StorageClass", "STANDARD");
      if (owner != null) {
        owner(xml, owner);
      }
      xml.end();
    }
    for (String commonPrefix : page.commonPrefixes()) {
      xml.start("CommonPrefixes").element("Prefix", encode.apply(commonPrefix)).end();
    }
  }

  private static void owner(XmlWriter xml, Owner owner) {
    Objects.requireNonNull(owner, "owner");
    xml.start("Owner").element("ID", owner.id()).element("DisplayName", owner.displayName()).end();
  }

  private static UnaryOperator<String> encoding(boolean url) {
    return url ? PercentEncoding::encodeKeepingSlash : UnaryOperator.identity();
  }

  private static String encodeOrNull(UnaryOperator<String> encode, String value) {
    return value == null ? null : encode.apply(value);
  }
}
