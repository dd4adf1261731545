package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Drives a running single-node server with the AWS SDK for Java v2, default checksum settings,
 * path-style: what a new user's application does on day one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleNodeS3IT {
  private static final String BUCKET = "default-bucket";

  @TempDir static Path dataDir;
  RunningNode node;
  S3Client s3;

  @BeforeAll
  void start() throws IOException {
    node = new RunningNode(dataDir, Map.of("remise.block.block-gc-delay", "1s"));
    s3 = node.s3();
  }

  @AfterAll
  void stop() {
    s3.close();
    node.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3071, 3072, 1024 * 1024 + 1, 50 * 1024 * 1024})
  @Order(1)
  void objectsRoundTripByteForByte(int size) throws Exception {
    byte[] data = random(size, size);
    String key = "roundtrip/" + size;
    var put = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
    assertThat(put.eTag())
        .isEqualTo("\"" + hex(MessageDigest.getInstance("MD5").digest(data)) + "\"");

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
    assertThat(got.response().contentLength()).isEqualTo(size);
    assertThat(got.response().eTag()).isEqualTo(put.eTag());
    assertThat(MessageDigest.getInstance("SHA-256").digest(got.asByteArray()))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  @Order(2)
  void rangeReadsReturnTheRightSlicesAcrossBlocks() {
    int size = 2 * 1024 * 1024 + 512 * 1024;
    byte[] data = random(size, 7);
    s3.putObject(b -> b.bucket(BUCKET).key("ranges"), RequestBody.fromBytes(data));
    assertRange("bytes=0-0", data, 0, 1);
    assertRange("bytes=100-1048676", data, 100, 1048677);
    assertRange("bytes=1048575-2097152", data, 1048575, 2097153);
    assertRange("bytes=-10", data, size - 10, size);
    assertRange("bytes=2097152-", data, 2097152, size);
    assertRange("bytes=2000000-99999999", data, 2000000, size);
    assertThatThrownBy(
            () ->
                s3.getObjectAsBytes(
                    b -> b.bucket(BUCKET).key("ranges").range("bytes=" + size + "-")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(416);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
            });
  }

  private void assertRange(String range, byte[] data, int from, int to) {
    assertRange("ranges", range, data, from, to);
  }

  private void assertRange(String key, String range, byte[] data, int from, int to) {
    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).range(range));
    assertThat(got.response().contentRange())
        .isEqualTo("bytes " + from + "-" + (to - 1) + "/" + data.length);
    assertThat(got.asByteArray()).isEqualTo(Arrays.copyOfRange(data, from, to));
  }

  @Test
  @Order(3)
  void listObjectsV2PaginatesAndGroupsByDelimiterOver2500Keys() throws Exception {
    s3.createBucket(b -> b.bucket("listing"));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      keys.add(i % 5 == 0 ? "top-" + i : "dir" + (i % 4) + "/sub" + (i % 3) + "/file-" + i);
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<?>> puts = new ArrayList<>();
      for (String k : keys) {
        puts.add(
            pool.submit(
                () -> s3.putObject(b -> b.bucket("listing").key(k), RequestBody.fromString(k))));
      }
      for (Future<?> f : puts) {
        f.get();
      }
    }
    List<String> sorted = keys.stream().sorted().toList();

    List<String> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(b -> b.bucket("listing").maxKeys(1000).continuationToken(t));
      page.contents().stream().map(S3Object::key).forEach(all::add);
      token = page.nextContinuationToken();
      pages++;
      assertThat(page.isTruncated()).isEqualTo(token != null);
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(all).isEqualTo(sorted);

    ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket("listing").delimiter("/"));
    assertThat(top.commonPrefixes().stream().map(CommonPrefix::prefix))
        .containsExactly("dir0/", "dir1/", "dir2/", "dir3/");
    assertThat(top.contents()).hasSize(500).allMatch(o -> o.key().startsWith("top-"));

    List<String> underDir1 = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    token = null;
    do {
      String t = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b ->
                  b.bucket("listing")
                      .prefix("dir1/")
                      .delimiter("/")
                      .maxKeys(1)
                      .continuationToken(t));
      page.commonPrefixes().forEach(p -> prefixes.add(p.prefix()));
      page.contents().forEach(o -> underDir1.add(o.key()));
      token = page.nextContinuationToken();
    } while (token != null);
    assertThat(prefixes).containsExactly("dir1/sub0/", "dir1/sub1/", "dir1/sub2/");
    assertThat(underDir1).isEmpty();

    List<String> paged = new ArrayList<>();
    String after = null;
    do {
      String t = after;
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b -> b.bucket("listing").prefix("dir2/sub1/").maxKeys(37).continuationToken(t));
      page.contents().forEach(o -> paged.add(o.key()));
      after = page.nextContinuationToken();
    } while (after != null);
    assertThat(paged).isEqualTo(sorted.stream().filter(k -> k.startsWith("dir2/sub1/")).toList());
  }

  @Test
  @Order(4)
  void storedHeadersAndUserMetadataComeBack() {
    s3.putObject(
        b ->
            b.bucket(BUCKET)
                .key("with headers/é+ü%2F?.txt")
                .contentType("text/plain; charset=utf-8")
                .cacheControl("max-age=60")
                .contentDisposition("attachment")
                .metadata(Map.of("color", "blue", "Owner", "Ada")),
        RequestBody.fromString("hello world"));
    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("with headers/é+ü%2F?.txt"));
    // Tomcat writes a media type with a charset parameter in its canonical form (no space after
    // ';').
    assertThat(head.contentType()).isEqualTo("text/plain;charset=utf-8");
    assertThat(head.cacheControl()).isEqualTo("max-age=60");
    assertThat(head.contentDisposition()).isEqualTo("attachment");
    assertThat(head.metadata()).containsEntry("color", "blue").containsEntry("owner", "Ada");
    assertThat(head.contentLength()).isEqualTo(11);
    assertThat(head.eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  }

  @Test
  @Order(5)
  void errorsAreS3XmlWithTheRightCodes() {
    assertS3Error(
        () -> node.s3(node.identity.accessKeyId(), "0".repeat(64)).listBuckets(),
        403,
        "SignatureDoesNotMatch");
    assertS3Error(
        () -> node.s3("GK000000000000000000000000", "0".repeat(64)).listBuckets(),
        403,
        "InvalidAccessKeyId");
    assertS3Error(() -> s3.getObject(b -> b.bucket(BUCKET).key("no/such/key")), 404, "NoSuchKey");
    assertS3Error(() -> s3.headBucket(b -> b.bucket("no-such-bucket")), 404, null);
    assertS3Error(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket")), 404, "NoSuchBucket");
    assertS3Error(() -> s3.getBucketAcl(b -> b.bucket(BUCKET)), 501, "NotImplemented");
    assertS3Error(() -> s3.createBucket(b -> b.bucket(BUCKET)), 409, "BucketAlreadyOwnedByYou");
    // The SDK refuses names it knows are invalid itself; this one only the server refuses.
    assertS3Error(() -> s3.createBucket(b -> b.bucket("xn--punycode")), 400, "InvalidBucketName");
    assertS3Error(
        () ->
            s3.putObject(
                b -> b.bucket(BUCKET).key("md5").contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="),
                RequestBody.fromString("not empty")),
        400,
        "BadDigest");
    assertS3Error(() -> s3.headObject(b -> b.bucket(BUCKET).key("md5")), 404, null);
  }

  @Test
  @Order(6)
  void bucketsAreCreatedListedAndDeletedOnlyWhenEmpty() {
    s3.createBucket(b -> b.bucket("lifecycle-test"));
    assertThat(s3.listBuckets().buckets())
        .extracting(b -> b.name())
        .contains("lifecycle-test", BUCKET);
    s3.putObject(b -> b.bucket("lifecycle-test").key("x"), RequestBody.fromString("x"));
    assertS3Error(() -> s3.deleteBucket(b -> b.bucket("lifecycle-test")), 409, "BucketNotEmpty");
    s3.deleteObject(b -> b.bucket("lifecycle-test").key("x"));
    assertS3Error(() -> s3.headObject(b -> b.bucket("lifecycle-test").key("x")), 404, null);
    s3.deleteObject(b -> b.bucket("lifecycle-test").key("never-existed"));
    s3.deleteBucket(b -> b.bucket("lifecycle-test"));
    assertS3Error(() -> s3.headBucket(b -> b.bucket("lifecycle-test")), 404, null);
    assertThat(s3.listBuckets().buckets())
        .extracting(b -> b.name())
        .doesNotContain("lifecycle-test");
  }

  @Test
  @Order(6)
  void multipartUploadsCompleteAbortAndCheckTheirParts() throws Exception {
    int partSize = 5 * 1024 * 1024;
    byte[] data = random(2 * partSize + 12345, 5);
    String uploadId =
        s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu").contentType("video/mp4"))
            .uploadId();
    List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i + 1;
      byte[] part =
          Arrays.copyOfRange(data, i * partSize, Math.min(data.length, (i + 1) * partSize));
      // Part 2 is sent twice: the second attempt is the one the client lists.
      if (n == 2) {
        s3.uploadPart(
            b -> b.bucket(BUCKET).key("mpu").uploadId(uploadId).partNumber(n),
            RequestBody.fromBytes(random(partSize, 77)));
      }
      String etag =
          s3.uploadPart(
                  b -> b.bucket(BUCKET).key("mpu").uploadId(uploadId).partNumber(n),
                  RequestBody.fromBytes(part))
              .eTag();
      parts.add(
          software.amazon.awssdk.services.s3.model.CompletedPart.builder()
              .partNumber(n)
              .eTag(etag)
              .build());
    }
    assertS3Error(() -> s3.headObject(b -> b.bucket(BUCKET).key("mpu")), 404, null);
    var done =
        s3.completeMultipartUpload(
            b ->
                b.bucket(BUCKET)
                    .key("mpu")
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
    assertThat(done.eTag()).endsWith("-3\"");
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mpu"));
    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().contentType()).isEqualTo("video/mp4");
    assertThat(got.response().eTag()).isEqualTo(done.eTag());
    assertRange("mpu", "bytes=5242870-5242889", data, 5242870, 5242890);

    assertS3Error(
        () ->
            s3.completeMultipartUpload(
                b ->
                    b.bucket(BUCKET)
                        .key("mpu")
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts))),
        404,
        "NoSuchUpload");

    String small = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu-small")).uploadId();
    List<software.amazon.awssdk.services.s3.model.CompletedPart> smallParts = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      int pn = n;
      String etag =
          s3.uploadPart(
                  b -> b.bucket(BUCKET).key("mpu-small").uploadId(small).partNumber(pn),
                  RequestBody.fromString("tiny part " + pn))
              .eTag();
      smallParts.add(
          software.amazon.awssdk.services.s3.model.CompletedPart.builder()
              .partNumber(pn)
              .eTag(etag)
              .build());
    }
    assertS3Error(
        () ->
            s3.completeMultipartUpload(
                b ->
                    b.bucket(BUCKET)
                        .key("mpu-small")
                        .uploadId(small)
                        .multipartUpload(m -> m.parts(smallParts))),
        400,
        "EntityTooSmall");
    assertS3Error(
        () ->
            s3.completeMultipartUpload(
                b ->
                    b.bucket(BUCKET)
                        .key("mpu-small")
                        .uploadId(small)
                        .multipartUpload(
                            m ->
                                m.parts(
                                    software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                                        .partNumber(1)
                                        .eTag("\"00000000000000000000000000000000\"")
                                        .build()))),
        400,
        "InvalidPart");
    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("mpu-small").uploadId(small));
    assertS3Error(
        () ->
            s3.uploadPart(
                b -> b.bucket(BUCKET).key("mpu-small").uploadId(small).partNumber(3),
                RequestBody.fromString("late")),
        404,
        "NoSuchUpload");
    assertS3Error(() -> s3.headObject(b -> b.bucket(BUCKET).key("mpu-small")), 404, null);
  }

  @Test
  @Order(7)
  void internalPortsRefuseCallsWithoutTheClusterSecret() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int port : new int[] {node.ports.rpcMetadata(), node.ports.rpcBlock()}) {
      var r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + port
                              + "/v1/tables/key/range?p="
                              + "0".repeat(64)
                              + "&limit=10"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isIn(401, 403);
      var forged =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/v1/blocks/" + "0".repeat(64)))
                  .header(
                      "X-Remise-Rpc-Auth", "t=" + System.currentTimeMillis() / 1000 + ",n=00,s=00")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(403);
    }
  }

  @Test
  @Order(8)
  void aClientThatHangsUpMidUploadLeavesNoObjectAndNoBlocks() throws Exception {
    int declared = 5 * 1024 * 1024;
    byte[] data = random(declared, 99);
    URI url;
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(node.s3Endpoint())
            .region(software.amazon.awssdk.regions.Region.of(RunningNode.REGION))
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        node.identity.accessKeyId(), node.identity.secretKey())))
            .serviceConfiguration(
                software.amazon.awssdk.services.s3.S3Configuration.builder()
                    .pathStyleAccessEnabled(true)
                    .build())
            .build()) {
      url =
          presigner
              .presignPutObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(5))
                          .putObjectRequest(b -> b.bucket(BUCKET).key("dropped")))
              .url()
              .toURI();
    }
    int sent = 2 * 1024 * 1024 + 1000;
    try (Socket socket = new Socket("127.0.0.1", node.ports.s3())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT "
                  + url.getRawPath()
                  + "?"
                  + url.getRawQuery()
                  + " HTTP/1.1\r\n"
                  + "Host: "
                  + url.getHost()
                  + ":"
                  + url.getPort()
                  + "\r\n"
                  + "Content-Length: "
                  + declared
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(data, 0, sent);
      out.flush();
      Thread.sleep(500);
    }
    List<Path> blockFiles = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String hash = Blake2.sum(data, i * 1024 * 1024, 1024 * 1024).hex();
      blockFiles.add(
          dataDir
              .resolve("blocks")
              .resolve(hash.substring(0, 2))
              .resolve(hash.substring(2, 4))
              .resolve(hash));
    }
    assertS3Error(() -> s3.headObject(b -> b.bucket(BUCKET).key("dropped")), 404, null);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (blockFiles.stream().anyMatch(Files::exists) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(blockFiles).noneMatch(Files::exists);
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("dropped")).contents()).isEmpty();
  }

  @Test
  @Order(9)
  void dataSurvivesARestart() throws Exception {
    byte[] data = random(3 * 1024 * 1024 + 17, 1234);
    s3.putObject(b -> b.bucket(BUCKET).key("durable"), RequestBody.fromBytes(data));
    s3.putObject(b -> b.bucket(BUCKET).key("durable-inline"), RequestBody.fromString("small"));
    node.stop();
    node.start();
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("durable")).asByteArray())
        .isEqualTo(data);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("durable-inline")).asUtf8String())
        .isEqualTo("small");
    try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key("roundtrip/3072"))) {
      assertThat(in.readAllBytes()).hasSize(3072);
    }
  }

  private static void assertS3Error(Runnable call, int status, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(status);
              if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              }
            });
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
