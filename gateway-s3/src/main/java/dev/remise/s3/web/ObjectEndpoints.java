package dev.remise.s3.web;

import dev.remise.core.Uuid;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.rpc.TableClient;
import dev.remise.s3.access.BucketDirectory;
import dev.remise.s3.access.BucketDirectory.Permission;
import dev.remise.s3.api.CompleteMultipartUploadRequest;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.s3.api.S3Xml;
import dev.remise.s3.object.ByteRange;
import dev.remise.s3.object.MultipartUploads;
import dev.remise.s3.object.ObjectReader;
import dev.remise.s3.object.ObjectWriter;
import dev.remise.s3.object.PutChecks;
import dev.remise.s3.object.StoredHeaders;
import dev.remise.sigv4.ChecksumAlgorithm;
import dev.remise.sigv4.PayloadMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Object-level S3 operations: PutObject, GetObject, HeadObject, DeleteObject. */
public final class ObjectEndpoints {
  static final String SIZE_ATTRIBUTE = "remise.objectSize";
  private static final int MAX_KEY_BYTES = 1024;
  // 10,000 parts of about 100 bytes of XML each.
  private static final int MAX_COMPLETE_BODY = 2 * 1024 * 1024;
  // RFC 9110 IMF-fixdate; Java's RFC_1123_DATE_TIME would print one-digit days.
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private final BucketDirectory directory;
  private final TableClient tables;
  private final ObjectWriter writer;
  private final ObjectReader reader;
  private final MultipartUploads multipart;
  private final InstantSource clock;

  public ObjectEndpoints(
      BucketDirectory directory,
      TableClient tables,
      ObjectWriter writer,
      ObjectReader reader,
      MultipartUploads multipart,
      InstantSource clock) {
    this.directory = directory;
    this.tables = tables;
    this.writer = writer;
    this.reader = reader;
    this.multipart = multipart;
    this.clock = clock;
  }

  void putObject(S3Call call, String bucket, String key) throws IOException {
    checkKey(key);
    Uuid bucketId = directory.authorize(bucket, call.key(), Permission.WRITE);
    Map<String, String> headers = firstValues(call);
    long expectedLength = expectedLength(call);
    InputStream body = call.auth().decodeBody(call.http().getInputStream(), call.signed());
    PutChecks checks = checks(call, body);
    var result =
        writer.put(bucketId, key, StoredHeaders.fromRequest(headers), body, expectedLength, checks);
    stored(call, result);
  }

  void createMultipartUpload(S3Call call, String bucket, String key) throws IOException {
    checkKey(key);
    Uuid bucketId = directory.authorize(bucket, call.key(), Permission.WRITE);
    String uploadId = multipart.create(bucketId, key, StoredHeaders.fromRequest(firstValues(call)));
    Responses.xml(call.response(), 200, S3Xml.initiateMultipartUpload(bucket, key, uploadId));
  }

  void uploadPart(S3Call call, String bucket, String key, int partNumber, String uploadId)
      throws IOException {
    Uuid bucketId = directory.authorize(bucket, call.key(), Permission.WRITE);
    long expectedLength = expectedLength(call);
    InputStream body = call.auth().decodeBody(call.http().getInputStream(), call.signed());
    var result =
        multipart.uploadPart(
            bucketId, key, uploadId, partNumber, body, expectedLength, checks(call, body));
    stored(call, result);
  }

  void completeMultipartUpload(S3Call call, String bucket, String key, String uploadId)
      throws IOException {
    Uuid bucketId = directory.authorize(bucket, call.key(), Permission.WRITE);
    InputStream body = call.auth().decodeBody(call.http().getInputStream(), call.signed());
    byte[] xml = body.readNBytes(MAX_COMPLETE_BODY + 1);
    if (xml.length > MAX_COMPLETE_BODY) {
      throw new S3Exception(S3Error.MALFORMED_XML, "The part list is too large");
    }
    String etag =
        multipart.complete(bucketId, key, uploadId, CompleteMultipartUploadRequest.parse(xml));
    Responses.xml(
        call.response(),
        200,
        S3Xml.completeMultipartUpload(call.route().resource(), bucket, key, etag));
  }

  void abortMultipartUpload(S3Call call, String bucket, String key, String uploadId) {
    Uuid bucketId = directory.authorize(bucket, call.key(), Permission.WRITE);
    multipart.abort(bucketId, key, uploadId);
    call.response().setStatus(204);
  }

  private static void stored(S3Call call, ObjectWriter.PutResult result) {
    var response = call.response();
    response.setHeader("ETag", quoted(result.etag()));
    if (result.checksum() != null) {
      ChecksumAlgorithm.fromName(result.checksum().algorithm())
          .ifPresent(a -> response.setHeader(a.headerName(), result.checksum().value()));
    }
    response.setStatus(200);
    response.setContentLength(0);
  }

  void getObject(S3Call call, String bucket, String key, boolean withBody) throws IOException {
    Uuid bucketId = directory.authorize(bucket, call.key(), Permission.READ);
    ObjectVersion version = reader.current(bucketId, key);
    ObjectVersion.Meta meta = ObjectReader.meta(version);
    call.http().setAttribute(SIZE_ATTRIBUTE, meta.size());
    Optional<ByteRange> range = ByteRange.parse(call.header("range"), meta.size());
    var response = call.response();
    response.setHeader("ETag", quoted(meta.etag()));
    response.setHeader("Last-Modified", httpDate(version.timestamp()));
    response.setHeader("Accept-Ranges", "bytes");
    for (ObjectVersion.Header h : meta.headers().headers()) {
      response.setHeader(h.name(), h.value());
    }
    if (meta.headers().checksum() != null
        && "ENABLED".equalsIgnoreCase(call.header("x-amz-checksum-mode"))
        && range.isEmpty()) {
      ChecksumAlgorithm.fromName(meta.headers().checksum().algorithm())
          .ifPresent(a -> response.setHeader(a.headerName(), meta.headers().checksum().value()));
    }
    long start = range.map(ByteRange::start).orElse(0L);
    long end = range.map(ByteRange::end).orElse(meta.size());
    if (range.isPresent()) {
      response.setStatus(206);
      response.setHeader("Content-Range", range.get().contentRange(meta.size()));
    } else {
      response.setStatus(200);
    }
    response.setContentLengthLong(end - start);
    if (!withBody || end == start) {
      return;
    }
    OutputStream out = response.getOutputStream();
    reader.write(version, start, end, out);
  }

  /**
   * Writes a delete marker without reading the entry first ({@link ObjectWriter#insertNewVersion}):
   * one round trip. On a key without data the marker alone is a tombstone, which table GC removes;
   * the answer is 204 either way, as on S3.
   */
  void deleteObject(S3Call call, String bucket, String key) {
    Uuid bucketId = directory.authorize(bucket, call.key(), Permission.WRITE);
    writer.insertNewVersion(
        bucketId,
        key,
        (id, ts) ->
            new ObjectVersion(
                id, ts, new ObjectVersion.State.Complete(new ObjectVersion.Data.DeleteMarker())));
    call.response().setStatus(204);
  }

  private static void checkKey(String key) {
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new S3Exception(S3Error.KEY_TOO_LONG, "Your key is too long (at most 1024 bytes)");
    }
  }

  /**
   * The plaintext length the client announced: {@code x-amz-decoded-content-length} for aws-chunked
   * bodies, else Content-Length. Checked against what was received, so a client that hangs up early
   * cannot leave a truncated object behind.
   */
  private static long expectedLength(S3Call call) {
    String decoded = call.header("x-amz-decoded-content-length");
    boolean streaming =
        switch (call.auth().payloadMode()) {
          case PayloadMode.StreamingSigned s -> true;
          case PayloadMode.StreamingUnsignedTrailer s -> true;
          case PayloadMode.UnsignedPayload u -> false;
          case PayloadMode.SignedPayload s -> false;
        };
    String value = streaming ? decoded : call.header("content-length");
    if (value == null) {
      if (streaming) {
        throw new S3Exception(
            S3Error.MISSING_CONTENT_LENGTH,
            "aws-chunked uploads must send x-amz-decoded-content-length");
      }
      return -1;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid content length: " + value);
    }
  }

  /**
   * The checksum to verify and store: one announced in an aws-chunked trailer (its value arrives
   * after the data), one sent up front in an {@code x-amz-checksum-*} header, or just an algorithm
   * named by {@code x-amz-sdk-checksum-algorithm} (computed and stored).
   */
  private static PutChecks checks(S3Call call, InputStream body) {
    String md5 = call.header("content-md5");
    String trailer = call.header("x-amz-trailer");
    if (trailer != null && !trailer.isBlank()) {
      ChecksumAlgorithm a =
          ChecksumAlgorithm.fromHeaderName(trailer)
              .orElseThrow(
                  () ->
                      new S3Exception(
                          S3Error.INVALID_ARGUMENT, "Unsupported x-amz-trailer: " + trailer));
      // The aws-chunked decoder verifies the trailer against the data itself; we also keep the
      // value.
      Supplier<String> fromTrailer = () -> trailerValue(body);
      return new PutChecks(md5, a, fromTrailer);
    }
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      String v = call.header(a.headerName());
      if (v != null && !v.isBlank()) {
        if (a.decode(v).isEmpty()) {
          throw new S3Exception(
              S3Error.INVALID_REQUEST, "Value for " + a.headerName() + " header is invalid.");
        }
        return new PutChecks(md5, a, () -> v.strip());
      }
    }
    String sdk = call.header("x-amz-sdk-checksum-algorithm");
    if (sdk != null && !sdk.isBlank()) {
      ChecksumAlgorithm a =
          ChecksumAlgorithm.fromName(sdk)
              .orElseThrow(
                  () ->
                      new S3Exception(
                          S3Error.INVALID_REQUEST, "Unsupported checksum algorithm: " + sdk));
      return new PutChecks(md5, a, () -> null);
    }
    return new PutChecks(md5, null, () -> null);
  }

  private static String trailerValue(InputStream body) {
    return body instanceof dev.remise.sigv4.AwsChunkedInputStream chunked
        ? chunked.trailerChecksum().orElse(null)
        : null;
  }

  private static Map<String, String> firstValues(S3Call call) {
    Map<String, String> out = new HashMap<>();
    call.signed()
        .headers()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                out.put(name.toLowerCase(Locale.ROOT), values.getFirst());
              }
            });
    return out;
  }

  private static String quoted(String etag) {
    return "\"" + etag + "\"";
  }

  private static String httpDate(long millis) {
    return HTTP_DATE.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
  }
}
