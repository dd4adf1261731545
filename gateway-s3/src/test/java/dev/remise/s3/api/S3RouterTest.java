package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.s3.api.S3Endpoint.AbortMultipartUpload;
import dev.remise.s3.api.S3Endpoint.CompleteMultipartUpload;
import dev.remise.s3.api.S3Endpoint.CreateBucket;
import dev.remise.s3.api.S3Endpoint.CreateMultipartUpload;
import dev.remise.s3.api.S3Endpoint.DeleteBucket;
import dev.remise.s3.api.S3Endpoint.DeleteObject;
import dev.remise.s3.api.S3Endpoint.GetBucketLocation;
import dev.remise.s3.api.S3Endpoint.GetObject;
import dev.remise.s3.api.S3Endpoint.HeadBucket;
import dev.remise.s3.api.S3Endpoint.HeadObject;
import dev.remise.s3.api.S3Endpoint.ListBuckets;
import dev.remise.s3.api.S3Endpoint.ListObjects;
import dev.remise.s3.api.S3Endpoint.ListObjectsV2;
import dev.remise.s3.api.S3Endpoint.NotImplemented;
import dev.remise.s3.api.S3Endpoint.Options;
import dev.remise.s3.api.S3Endpoint.PutObject;
import dev.remise.s3.api.S3Endpoint.UploadPart;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class S3RouterTest {
  private static final String FORM = "content-type: multipart/form-data; boundary=xyz";
  private static final String COPY = "x-amz-copy-source: /src/key";

  /**
   * The routing table, one row per request shape: {@code "METHOD /path?query | header: value"} and
   * the endpoint it must give. Every {@link S3Operation} has at least one row (checked below).
   */
  static final List<Arguments> ROUTES =
      List.of(
          // Service level
          row("GET /", new ListBuckets()),
          row("OPTIONS /", new Options(null, null)),
          row("OPTIONS /bkt", new Options("bkt", null)),
          row("OPTIONS /bkt/a/b?uploads", new Options("bkt", "a/b")),
          // Bucket level, GET
          row("GET /bkt", new ListObjects("bkt", ListObjectsV1Params.defaults())),
          row("GET /bkt/", new ListObjects("bkt", ListObjectsV1Params.defaults())),
          row("GET /bkt?list-type=2", new ListObjectsV2("bkt", ListObjectsV2Params.defaults())),
          row("GET /bkt?location", new GetBucketLocation("bkt")),
          row("GET /bkt?location=", new GetBucketLocation("bkt")),
          notImplemented("GET /bkt?accelerate", "GetBucketAccelerateConfiguration"),
          notImplemented("GET /bkt?acl", "GetBucketAcl"),
          notImplemented("GET /bkt?analytics&id=a1", "GetBucketAnalyticsConfiguration"),
          notImplemented("GET /bkt?analytics", "ListBucketAnalyticsConfigurations"),
          notImplemented("GET /bkt?cors", "GetBucketCors"),
          notImplemented("GET /bkt?encryption", "GetBucketEncryption"),
          notImplemented(
              "GET /bkt?intelligent-tiering&id=t", "GetBucketIntelligentTieringConfiguration"),
          notImplemented(
              "GET /bkt?intelligent-tiering", "ListBucketIntelligentTieringConfigurations"),
          notImplemented("GET /bkt?inventory&id=i", "GetBucketInventoryConfiguration"),
          notImplemented("GET /bkt?inventory", "ListBucketInventoryConfigurations"),
          notImplemented("GET /bkt?lifecycle", "GetBucketLifecycleConfiguration"),
          notImplemented("GET /bkt?logging", "GetBucketLogging"),
          notImplemented("GET /bkt?metadataTable", "GetBucketMetadataTableConfiguration"),
          notImplemented("GET /bkt?metrics&id=m", "GetBucketMetricsConfiguration"),
          notImplemented("GET /bkt?metrics", "ListBucketMetricsConfigurations"),
          notImplemented("GET /bkt?notification", "GetBucketNotificationConfiguration"),
          notImplemented("GET /bkt?object-lock", "GetObjectLockConfiguration"),
          notImplemented("GET /bkt?ownershipControls", "GetBucketOwnershipControls"),
          notImplemented("GET /bkt?policy", "GetBucketPolicy"),
          notImplemented("GET /bkt?policyStatus", "GetBucketPolicyStatus"),
          notImplemented("GET /bkt?publicAccessBlock", "GetPublicAccessBlock"),
          notImplemented("GET /bkt?replication", "GetBucketReplication"),
          notImplemented("GET /bkt?requestPayment", "GetBucketRequestPayment"),
          notImplemented("GET /bkt?session", "CreateSession"),
          notImplemented("GET /bkt?tagging", "GetBucketTagging"),
          notImplemented("GET /bkt?uploads", "ListMultipartUploads"),
          notImplemented("GET /bkt?uploads&prefix=a&max-uploads=3", "ListMultipartUploads"),
          notImplemented("GET /bkt?versioning", "GetBucketVersioning"),
          notImplemented("GET /bkt?versions", "ListObjectVersions"),
          notImplemented("GET /bkt?website", "GetBucketWebsite"),
          // Bucket level, HEAD
          row("HEAD /bkt", new HeadBucket("bkt")),
          row("HEAD /bkt/", new HeadBucket("bkt")),
          // Bucket level, PUT
          row("PUT /bkt", new CreateBucket("bkt")),
          row("PUT /bkt?x-id=CreateBucket", new CreateBucket("bkt")),
          notImplemented("PUT /bkt?accelerate", "PutBucketAccelerateConfiguration"),
          notImplemented("PUT /bkt?acl", "PutBucketAcl"),
          notImplemented("PUT /bkt?analytics&id=a1", "PutBucketAnalyticsConfiguration"),
          notImplemented("PUT /bkt?cors", "PutBucketCors"),
          notImplemented("PUT /bkt?encryption", "PutBucketEncryption"),
          notImplemented(
              "PUT /bkt?intelligent-tiering&id=t", "PutBucketIntelligentTieringConfiguration"),
          notImplemented("PUT /bkt?inventory&id=i", "PutBucketInventoryConfiguration"),
          notImplemented("PUT /bkt?lifecycle", "PutBucketLifecycleConfiguration"),
          notImplemented("PUT /bkt?logging", "PutBucketLogging"),
          notImplemented("PUT /bkt?metrics&id=m", "PutBucketMetricsConfiguration"),
          notImplemented("PUT /bkt?notification", "PutBucketNotificationConfiguration"),
          notImplemented("PUT /bkt?object-lock", "PutObjectLockConfiguration"),
          notImplemented("PUT /bkt?ownershipControls", "PutBucketOwnershipControls"),
          notImplemented("PUT /bkt?policy", "PutBucketPolicy"),
          notImplemented("PUT /bkt?publicAccessBlock", "PutPublicAccessBlock"),
          notImplemented("PUT /bkt?replication", "PutBucketReplication"),
          notImplemented("PUT /bkt?requestPayment", "PutBucketRequestPayment"),
          notImplemented("PUT /bkt?tagging", "PutBucketTagging"),
          notImplemented("PUT /bkt?versioning", "PutBucketVersioning"),
          notImplemented("PUT /bkt?website", "PutBucketWebsite"),
          // Bucket level, POST
          notImplemented("POST /bkt | " + FORM, "PostObject"),
          notImplemented("POST /bkt | content-type: Multipart/Form-Data", "PostObject"),
          notImplemented("POST /bkt?delete", "DeleteObjects"),
          notImplemented("POST /bkt?metadataTable", "CreateBucketMetadataTableConfiguration"),
          // Bucket level, DELETE
          row("DELETE /bkt", new DeleteBucket("bkt")),
          notImplemented("DELETE /bkt?analytics&id=a1", "DeleteBucketAnalyticsConfiguration"),
          notImplemented("DELETE /bkt?cors", "DeleteBucketCors"),
          notImplemented("DELETE /bkt?encryption", "DeleteBucketEncryption"),
          notImplemented(
              "DELETE /bkt?intelligent-tiering&id=t",
              "DeleteBucketIntelligentTieringConfiguration"),
          notImplemented("DELETE /bkt?inventory&id=i", "DeleteBucketInventoryConfiguration"),
          notImplemented("DELETE /bkt?lifecycle", "DeleteBucketLifecycle"),
          notImplemented("DELETE /bkt?metadataTable", "DeleteBucketMetadataTableConfiguration"),
          notImplemented("DELETE /bkt?metrics&id=m", "DeleteBucketMetricsConfiguration"),
          notImplemented("DELETE /bkt?ownershipControls", "DeleteBucketOwnershipControls"),
          notImplemented("DELETE /bkt?policy", "DeleteBucketPolicy"),
          notImplemented("DELETE /bkt?publicAccessBlock", "DeletePublicAccessBlock"),
          notImplemented("DELETE /bkt?replication", "DeleteBucketReplication"),
          notImplemented("DELETE /bkt?tagging", "DeleteBucketTagging"),
          notImplemented("DELETE /bkt?website", "DeleteBucketWebsite"),
          // Object level, GET
          row("GET /bkt/photos/a.jpg", new GetObject("bkt", "photos/a.jpg")),
          row("GET /bkt/k?x-id=GetObject&versionId=v1&partNumber=2", new GetObject("bkt", "k")),
          row("GET /bkt/k?response-content-type=text%2Fplain", new GetObject("bkt", "k")),
          row(
              "GET /bkt/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00&X-Amz-Expires=60",
              new GetObject("bkt", "k")),
          notImplemented("GET /bkt/k?uploadId=u1", "ListParts"),
          notImplemented("GET /bkt/k?acl", "GetObjectAcl"),
          notImplemented("GET /bkt/k?attributes", "GetObjectAttributes"),
          notImplemented("GET /bkt/k?legal-hold", "GetObjectLegalHold"),
          notImplemented("GET /bkt/k?retention", "GetObjectRetention"),
          notImplemented("GET /bkt/k?tagging", "GetObjectTagging"),
          notImplemented("GET /bkt/k?torrent", "GetObjectTorrent"),
          // Object level, HEAD
          row("HEAD /bkt/k", new HeadObject("bkt", "k")),
          row("HEAD /bkt/k?partNumber=1", new HeadObject("bkt", "k")),
          // Object level, PUT
          row("PUT /bkt/k", new PutObject("bkt", "k")),
          row("PUT /bkt/dir/", new PutObject("bkt", "dir/")),
          notImplemented("PUT /bkt/k | " + COPY, "CopyObject"),
          row("PUT /bkt/k?partNumber=1&uploadId=u1", new UploadPart("bkt", "k", 1, "u1")),
          notImplemented("PUT /bkt/k?partNumber=1&uploadId=u1 | " + COPY, "UploadPartCopy"),
          notImplemented("PUT /bkt/k?acl", "PutObjectAcl"),
          notImplemented("PUT /bkt/k?legal-hold", "PutObjectLegalHold"),
          notImplemented("PUT /bkt/k?renameObject", "RenameObject"),
          notImplemented("PUT /bkt/k?retention", "PutObjectRetention"),
          notImplemented("PUT /bkt/k?tagging", "PutObjectTagging"),
          // Object level, POST
          row("POST /bkt/k?uploads", new CreateMultipartUpload("bkt", "k")),
          row("POST /bkt/k?uploadId=u1", new CompleteMultipartUpload("bkt", "k", "u1")),
          notImplemented("POST /bkt/k?restore", "RestoreObject"),
          notImplemented("POST /bkt/k?select&select-type=2", "SelectObjectContent"),
          // Object level, DELETE
          row("DELETE /bkt/k", new DeleteObject("bkt", "k")),
          row("DELETE /bkt/k?versionId=v1", new DeleteObject("bkt", "k")),
          row("DELETE /bkt/k?uploadId=u1", new AbortMultipartUpload("bkt", "k", "u1")),
          notImplemented("DELETE /bkt/k?tagging", "DeleteObjectTagging"),
          // Keys: percent-decoded, '+' literal, every '/' kept
          row("GET /bkt/a%20b/c+d", new GetObject("bkt", "a b/c+d")),
          row("GET /bkt//leading", new GetObject("bkt", "/leading")),
          row("GET /bkt/a//b/", new GetObject("bkt", "a//b/")),
          row("GET /bkt/%E2%82%AC%F0%9F%98%80", new GetObject("bkt", "€😀")),
          row("GET /bkt/a%2Fb%3Fc%23d", new GetObject("bkt", "a/b?c#d")),
          row("GET /bkt/%25", new GetObject("bkt", "%")),
          row("GET /bkt/%00", new GetObject("bkt", "\0")),
          row("GET /b%6Bt/k", new GetObject("bkt", "k")));

  static Stream<Arguments> routes() {
    return ROUTES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void routesRequestToEndpoint(String request, S3Endpoint expected) {
    S3Request routed = route(new S3Router(), request, null);

    assertThat(routed.endpoint()).isEqualTo(expected);
    assertThat(routed.endpoint().operation()).isEqualTo(operationOf(expected));
  }

  @Test
  void tableCoversEveryOperation() {
    Set<String> routed =
        ROUTES.stream()
            .map(arguments -> operationOf((S3Endpoint) arguments.get()[1]))
            .collect(Collectors.toSet());

    Set<String> all =
        EnumSet.allOf(S3Operation.class).stream().map(Enum::name).collect(Collectors.toSet());
    assertThat(routed).containsAll(all);
  }

  @Test
  void requestCarriesBucketAndKey() {
    S3Request request = route(new S3Router(), "PUT /bkt/a%20b", null);

    assertThat(request.bucket()).isEqualTo("bkt");
    assertThat(request.key()).isEqualTo("a b");
    assertThat(request.resource()).isEqualTo("/bkt/a b");
    assertThat(route(new S3Router(), "GET /bkt", null).key()).isNull();
    assertThat(route(new S3Router(), "GET /", null).bucket()).isNull();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("PATCH /bkt/k", S3Error.METHOD_NOT_ALLOWED),
        refusal("get /bkt/k", S3Error.METHOD_NOT_ALLOWED),
        refusal("PUT /", S3Error.METHOD_NOT_ALLOWED),
        refusal("HEAD /", S3Error.METHOD_NOT_ALLOWED),
        refusal("DELETE /", S3Error.METHOD_NOT_ALLOWED),
        refusal("POST /bkt/k", S3Error.METHOD_NOT_ALLOWED),
        refusal("HEAD /bkt?acl", S3Error.METHOD_NOT_ALLOWED),
        refusal("HEAD /bkt/k?tagging", S3Error.METHOD_NOT_ALLOWED),
        refusal("GET /bkt/k?location", S3Error.METHOD_NOT_ALLOWED),
        refusal("GET /bkt?restore", S3Error.METHOD_NOT_ALLOWED),
        refusal("PUT /bkt?uploads", S3Error.METHOD_NOT_ALLOWED),
        refusal("DELETE /bkt?acl", S3Error.METHOD_NOT_ALLOWED),
        refusal("POST /bkt?uploads", S3Error.METHOD_NOT_ALLOWED),
        refusal("POST /bkt/k?delete", S3Error.METHOD_NOT_ALLOWED),
        refusal("POST /bkt", S3Error.PRECONDITION_FAILED),
        refusal("POST /bkt | content-type: application/xml", S3Error.PRECONDITION_FAILED),
        refusal("GET /bkt?acl&tagging", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt/k?uploads&uploadId=u&acl", S3Error.INVALID_ARGUMENT),
        refusal("PUT /bkt/k?partNumber=0&uploadId=u", S3Error.INVALID_ARGUMENT),
        refusal("PUT /bkt/k?partNumber=10001&uploadId=u", S3Error.INVALID_ARGUMENT),
        refusal("PUT /bkt/k?partNumber=one&uploadId=u", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt/%ZZ", S3Error.INVALID_URI),
        refusal("GET /bkt/abc%", S3Error.INVALID_URI),
        refusal("GET /bkt/abc%4", S3Error.INVALID_URI),
        refusal("GET /bkt/%C3", S3Error.INVALID_URI),
        refusal("GET /bkt/%C3%28", S3Error.INVALID_URI),
        refusal("GET /bkt/%ED%A0%80", S3Error.INVALID_URI),
        refusal("GET /bkt/%C0%AF", S3Error.INVALID_URI),
        refusal("GET /%ZZ/k", S3Error.INVALID_URI),
        refusal("GET //k", S3Error.INVALID_URI),
        refusal("GET bkt/k", S3Error.INVALID_URI),
        refusal("GET /bkt?list-type=1", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt?max-keys=ten", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt?max-keys=-1", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt?list-type=2&max-keys=99999999999", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt?encoding-type=base64", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt?list-type=2&fetch-owner=maybe", S3Error.INVALID_ARGUMENT),
        refusal("GET /bkt?prefix=a&prefix=b", S3Error.INVALID_ARGUMENT));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("refusals")
  void refusesWithTheAwsError(String request, S3Error error) {
    assertThatThrownBy(() -> route(new S3Router(), request, null))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(error));
  }

  @Test
  void conflictingSubresourcesAreNamed() {
    assertThatThrownBy(() -> route(new S3Router(), "GET /bkt?tagging&acl", null))
        .hasMessage("Conflicting query string parameters: acl, tagging");
  }

  @Test
  void notImplementedAnswers501NamingTheOperation() {
    var endpoint = (NotImplemented) route(new S3Router(), "GET /bkt?cors", null).endpoint();

    S3Exception error = endpoint.exception();

    assertThat(error.error()).isEqualTo(S3Error.NOT_IMPLEMENTED);
    assertThat(error.error().status()).isEqualTo(501);
    assertThat(error.getMessage()).isEqualTo("GetBucketCors is not implemented");
    assertThat(error.resource()).isEqualTo("/bkt");
  }

  @Test
  void parsesListObjectsV2Parameters() {
    var endpoint =
        (ListObjectsV2)
            route(
                    new S3Router(),
                    "GET /bkt?list-type=2&prefix=photos%2F&delimiter=%2F&max-keys=5&start-after=photos%2Fa"
                        + "&continuation-token=cGhvdG9z&encoding-type=url&fetch-owner=true",
                    null)
                .endpoint();

    assertThat(endpoint.params())
        .isEqualTo(new ListObjectsV2Params("photos/", "/", 5, "photos/a", "cGhvdG9z", true, true));
  }

  @Test
  void parsesListObjectsParameters() {
    var endpoint =
        (ListObjects)
            route(
                    new S3Router(),
                    "GET /bkt?prefix=a+b&delimiter=-&max-keys=0&marker=a+b-c&encoding-type=url",
                    null)
                .endpoint();

    assertThat(endpoint.params()).isEqualTo(new ListObjectsV1Params("a b", "-", 0, "a b-c", true));
  }

  @Test
  void capsMaxKeysAtOneThousandAndTreatsEmptyValuesAsAbsent() {
    var endpoint =
        (ListObjectsV2)
            route(
                    new S3Router(),
                    "GET /bkt?list-type=2&max-keys=5000&prefix=&delimiter=&start-after=&continuation-token=",
                    null)
                .endpoint();

    assertThat(endpoint.params()).isEqualTo(ListObjectsV2Params.defaults());
  }

  @Test
  void virtualHostStyleTakesTheBucketFromTheHost() {
    S3Router router = new S3Router(".s3.example.com");

    assertThat(route(router, "GET /a/b", "photos.s3.example.com:3900"))
        .isEqualTo(new S3Request("photos", "a/b", new GetObject("photos", "a/b")));
    assertThat(route(router, "GET //a", "photos.s3.example.com"))
        .isEqualTo(new S3Request("photos", "/a", new GetObject("photos", "/a")));
    assertThat(route(router, "PUT /", "photos.s3.example.com").endpoint())
        .isEqualTo(new CreateBucket("photos"));
    assertThat(route(router, "GET /?location", "PHOTOS.S3.Example.COM.").endpoint())
        .isEqualTo(new GetBucketLocation("photos"));
    assertThat(route(router, "HEAD /", "my.dotted.bucket.s3.example.com").endpoint())
        .isEqualTo(new HeadBucket("my.dotted.bucket"));
    assertThat(route(router, "OPTIONS /k", "photos.s3.example.com").endpoint())
        .isEqualTo(new Options("photos", "k"));
  }

  @Test
  void otherHostsFallBackToPathStyle() {
    S3Router router = new S3Router("s3.example.com");

    assertThat(route(router, "GET /", "s3.example.com").endpoint()).isEqualTo(new ListBuckets());
    assertThat(route(router, "GET /photos/k", "s3.example.com:443").endpoint())
        .isEqualTo(new GetObject("photos", "k"));
    assertThat(route(router, "GET /photos/k", "evil-s3.example.com").endpoint())
        .isEqualTo(new GetObject("photos", "k"));
    assertThat(route(router, "GET /photos/k", "[::1]:3900").endpoint())
        .isEqualTo(new GetObject("photos", "k"));
    assertThat(route(router, "GET /photos/k", null).endpoint())
        .isEqualTo(new GetObject("photos", "k"));
    assertThat(route(new S3Router(), "GET /photos/k", "other.s3.example.com").endpoint())
        .isEqualTo(new GetObject("photos", "k"));
  }

  // --- helpers ---

  private static Arguments row(String request, S3Endpoint expected) {
    return Arguments.of(request, expected);
  }

  /** A row for an operation answered 501; bucket and key are read from the request line. */
  private static Arguments notImplemented(String request, String operation) {
    S3Request addressed = route(new S3Router(), "OPTIONS " + request.split(" ")[1], null);
    return Arguments.of(
        request, new NotImplemented(operation, addressed.bucket(), addressed.key()));
  }

  private static Arguments refusal(String request, S3Error error) {
    return Arguments.of(request, error);
  }

  private static String operationOf(S3Endpoint endpoint) {
    return endpoint instanceof NotImplemented ni
        ? ni.operation()
        : endpoint.getClass().getSimpleName();
  }

  /** Routes {@code "METHOD /path?query | name: value"} as a servlet would hand it over. */
  private static S3Request route(S3Router router, String request, String host) {
    String[] parts = request.split(" \\| ", 2);
    String[] line = parts[0].split(" ", 2);
    Map<String, String> headers = new LinkedHashMap<>();
    if (parts.length == 2) {
      String[] header = parts[1].split(": ", 2);
      headers.put(header[0].toLowerCase(Locale.ROOT), header[1]);
    }
    String target = line[1];
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (question >= 0) {
      for (String pair : target.substring(question + 1).split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        query.computeIfAbsent(decode(name), n -> new ArrayList<>()).add(decode(value));
      }
    }
    return router.route(line[0], host, path, query, headers::get);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
