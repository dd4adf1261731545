package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.AwsS3V4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.auth.signer.params.AwsS3V4SignerParams;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Requests, presigned URLs and aws-chunked bodies signed by the AWS SDK for Java v2. */
class AwsSdkSignerTest {
  final SigV4Verifier s3 = new SigV4Verifier(AwsSdk.REGION, "s3", InstantSource.fixed(AwsSdk.NOW));

  static Stream<String> keys() {
    return Stream.of(
        "plain.txt",
        "a b+c%2Fd",
        "dir/sub dir/file.txt",
        "ünïcödé/日本語 ☃.txt",
        "emoji 😀.bin",
        "quote'\"!*()$&=;:,@[]{}|^`<>.txt",
        "tilde~under_score-dash.dot",
        "100% done",
        "a//double/slash",
        "trailing/",
        "x?y#z",
        "tab\tand\nnewline",
        "plus+plus+");
  }

  static String sha256Hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @ParameterizedTest
  @MethodSource("keys")
  void putObjectWithSignedPayloadVerifiesForAnyKey(String key) throws Exception {
    byte[] body = ("content of " + key).getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        AwsSdk.s3Request(SdkHttpMethod.PUT, "bucket", key)
            .putHeader("Content-Length", Integer.toString(body.length))
            .putHeader("x-amz-meta-colour", "  dark   blue ")
            .build();

    AwsSdk.Signed signed =
        AwsSdk.sign(
            request, body, "s3", r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    AuthenticatedRequest result = s3.verify(signed.request(), AwsSdk.SECRETS);

    assertThat(result.accessKeyId()).isEqualTo(AwsSdk.ACCESS_KEY);
    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.SignedPayload(sha256Hex(body)));
    assertThat(
            result
                .decodeBody(new ByteArrayInputStream(signed.wireBody()), signed.request())
                .readAllBytes())
        .isEqualTo(body);
  }

  @ParameterizedTest
  @MethodSource("keys")
  void getObjectWithUnsignedPayloadVerifiesForAnyKey(String key) {
    AwsSdk.Signed signed =
        AwsSdk.sign(
            AwsSdk.s3Request(SdkHttpMethod.GET, "bucket", key)
                .putHeader("Range", "bytes=0-9")
                .build(),
            new byte[0],
            "s3",
            r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));

    assertThat(s3.verify(signed.request(), AwsSdk.SECRETS).payloadMode())
        .isEqualTo(new PayloadMode.UnsignedPayload());
  }

  @ParameterizedTest
  @MethodSource("keys")
  void presignedGetVerifiesForAnyKeyUntilItExpires(String key) {
    AwsSdk.Signed signed =
        AwsSdk.sign(
            AwsSdk.s3Request(SdkHttpMethod.GET, "bucket", key).build(),
            new byte[0],
            "s3",
            r ->
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofHours(1))
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));

    assertThat(signed.request().rawQuery()).contains("X-Amz-Signature=");
    assertThat(s3.verify(signed.request(), AwsSdk.SECRETS).payloadMode())
        .isEqualTo(new PayloadMode.UnsignedPayload());
    SigV4Verifier later =
        new SigV4Verifier(
            AwsSdk.REGION, "s3", InstantSource.fixed(AwsSdk.NOW.plus(Duration.ofSeconds(3601))));
    assertThatThrownBy(() -> later.verify(signed.request(), AwsSdk.SECRETS))
        .isInstanceOf(SigV4Exception.class)
        .hasMessage("Request has expired");
  }

  @Test
  void listObjectsWithAwkwardQueryParametersVerifies() {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .protocol("https")
            .host("127.0.0.1")
            .port(3900)
            .encodedPath("/bucket")
            .putRawQueryParameter("list-type", "2")
            .putRawQueryParameter("prefix", "dir/sub dir/ü+é ")
            .putRawQueryParameter("delimiter", "/")
            .putRawQueryParameter("continuation-token", "AbC+/9==")
            .putRawQueryParameter("start-after", "~*'()!")
            .putRawQueryParameter("encoding-type", "url")
            .build();

    AwsSdk.Signed signed =
        AwsSdk.sign(
            request,
            new byte[0],
            "s3",
            r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));

    assertThat(s3.verify(signed.request(), AwsSdk.SECRETS).accessKeyId())
        .isEqualTo(AwsSdk.ACCESS_KEY);
  }

  @Test
  void subresourceWithoutValueVerifies() {
    SdkHttpRequest request =
        AwsSdk.s3Request(SdkHttpMethod.POST, "bucket", "big file.bin")
            .appendRawQueryParameter("uploads", null)
            .build();

    AwsSdk.Signed signed =
        AwsSdk.sign(
            request,
            new byte[0],
            "s3",
            r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));

    assertThat(signed.request().rawQuery()).isEqualTo("uploads");
    assertThat(s3.verify(signed.request(), AwsSdk.SECRETS).accessKeyId())
        .isEqualTo(AwsSdk.ACCESS_KEY);
  }

  /** K2V, like every AWS service but S3, signs the path encoded twice. */
  @Test
  void k2vRequestSignedWithDoubleEncodingVerifies() {
    SigV4Verifier k2v = new SigV4Verifier(AwsSdk.REGION, "k2v", InstantSource.fixed(AwsSdk.NOW));
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .protocol("https")
            .host("127.0.0.1")
            .port(3904)
            .encodedPath("/bucket/" + SdkHttpUtils.urlEncode("partition key/ü%"))
            .putRawQueryParameter("sort_key", "a b/c")
            .build();

    AwsSdk.Signed signed =
        AwsSdk.sign(
            request,
            new byte[0],
            "k2v",
            r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));

    assertThat(k2v.verify(signed.request(), AwsSdk.SECRETS).credentialScope())
        .endsWith("/garage/k2v/aws4_request");
    assertThatThrownBy(() -> s3.verify(signed.request(), AwsSdk.SECRETS))
        .isInstanceOf(SigV4Exception.class)
        .extracting(e -> ((SigV4Exception) e).failure())
        .isEqualTo(AuthFailure.AUTHORIZATION_HEADER_MALFORMED);
  }

  @Test
  void legacyAwsS3V4SignerRequestVerifies() throws Exception {
    byte[] body = "legacy".getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.PUT)
            .protocol("https")
            .host("127.0.0.1")
            .port(3900)
            .encodedPath("/bucket/" + SdkHttpUtils.urlEncodeIgnoreSlashes("old signer/ä b+c"))
            .putHeader("Content-Length", Integer.toString(body.length))
            .putHeader("x-amz-storage-class", "STANDARD")
            .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
            .build();
    AwsS3V4SignerParams params =
        AwsS3V4SignerParams.builder()
            .awsCredentials(AwsBasicCredentials.create(AwsSdk.ACCESS_KEY, AwsSdk.SECRET_KEY))
            .signingName("s3")
            .signingRegion(Region.of(AwsSdk.REGION))
            .doubleUrlEncode(false)
            .signingClockOverride(Clock.fixed(AwsSdk.NOW, ZoneOffset.UTC))
            .enablePayloadSigning(true)
            .build();

    SdkHttpFullRequest signed = AwsS3V4Signer.create().sign(request, params);

    assertThat(s3.verify(AwsSdk.received(signed), AwsSdk.SECRETS).payloadMode())
        .isEqualTo(new PayloadMode.SignedPayload(sha256Hex(body)));
  }

  @Test
  void legacyPresignedUrlVerifies() {
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.GET)
            .protocol("https")
            .host("127.0.0.1")
            .port(3900)
            .encodedPath("/bucket/" + SdkHttpUtils.urlEncodeIgnoreSlashes("old presign/ü"))
            .build();
    Aws4PresignerParams params =
        Aws4PresignerParams.builder()
            .awsCredentials(AwsBasicCredentials.create(AwsSdk.ACCESS_KEY, AwsSdk.SECRET_KEY))
            .signingName("s3")
            .signingRegion(Region.of(AwsSdk.REGION))
            .doubleUrlEncode(false)
            .signingClockOverride(Clock.fixed(AwsSdk.NOW, ZoneOffset.UTC))
            .expirationTime(AwsSdk.NOW.plus(Duration.ofMinutes(5)))
            .build();

    SdkHttpFullRequest presigned = AwsS3V4Signer.create().presign(request, params);

    assertThat(s3.verify(AwsSdk.received(presigned), AwsSdk.SECRETS).payloadMode())
        .isEqualTo(new PayloadMode.UnsignedPayload());
  }

  static software.amazon.awssdk.checksums.spi.ChecksumAlgorithm sdkAlgorithm(
      ChecksumAlgorithm algorithm) {
    return switch (algorithm) {
      case CRC32 -> DefaultChecksumAlgorithm.CRC32;
      case CRC32C -> DefaultChecksumAlgorithm.CRC32C;
      case SHA1 -> DefaultChecksumAlgorithm.SHA1;
      case SHA256 -> DefaultChecksumAlgorithm.SHA256;
      // The SDK computes CRC64/NVME only with the native CRT library; see ChecksumAlgorithmTest.
      case CRC64NVME -> throw new IllegalArgumentException("needs aws-crt");
    };
  }

  /** Sizes around the SDK's 128 KiB chunk: empty, tiny, exactly one chunk, several and a tail. */
  static Stream<Arguments> chunkedBodies() {
    return Stream.of(
            ChecksumAlgorithm.CRC32,
            ChecksumAlgorithm.CRC32C,
            ChecksumAlgorithm.SHA1,
            ChecksumAlgorithm.SHA256)
        .flatMap(a -> Stream.of(0, 1, 131072, 300007).map(size -> Arguments.of(a, size)));
  }

  static byte[] randomBody(int size) {
    byte[] body = new byte[size];
    new Random(size).nextBytes(body);
    return body;
  }

  AwsSdk.Signed signChunked(
      byte[] body, boolean signPayload, software.amazon.awssdk.checksums.spi.ChecksumAlgorithm c) {
    return AwsSdk.sign(
        AwsSdk.s3Request(SdkHttpMethod.PUT, "bucket", "chunked object")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build(),
        body,
        "s3",
        r -> {
          r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload)
              .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true);
          if (c != null) {
            r.putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, c);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("chunkedBodies")
  void signedChunkedBodyWithSignedTrailerRoundTrips(ChecksumAlgorithm algorithm, int size)
      throws IOException {
    byte[] body = randomBody(size);
    AwsSdk.Signed signed = signChunked(body, true, sdkAlgorithm(algorithm));

    AuthenticatedRequest result = s3.verify(signed.request(), AwsSdk.SECRETS);
    AwsChunkedInputStream decoded =
        (AwsChunkedInputStream)
            result.decodeBody(new ByteArrayInputStream(signed.wireBody()), signed.request());

    assertThat(signed.request().header("x-amz-content-sha256"))
        .contains("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.StreamingSigned(true));
    assertThat(decoded.readAllBytes()).isEqualTo(body);
    assertThat(decoded.trailerChecksum()).contains(checksum(algorithm, body));
  }

  @ParameterizedTest
  @MethodSource("chunkedBodies")
  void unsignedChunkedBodyWithTrailerRoundTrips(ChecksumAlgorithm algorithm, int size)
      throws IOException {
    byte[] body = randomBody(size);
    AwsSdk.Signed signed = signChunked(body, false, sdkAlgorithm(algorithm));

    AuthenticatedRequest result = s3.verify(signed.request(), AwsSdk.SECRETS);
    AwsChunkedInputStream decoded =
        (AwsChunkedInputStream)
            result.decodeBody(new ByteArrayInputStream(signed.wireBody()), signed.request());

    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.StreamingUnsignedTrailer());
    assertThat(decoded.readAllBytes()).isEqualTo(body);
    assertThat(decoded.trailerChecksum()).contains(checksum(algorithm, body));
  }

  @Test
  void signedChunkedBodyWithoutTrailerRoundTrips() throws IOException {
    byte[] body = randomBody(400_000);
    AwsSdk.Signed signed = signChunked(body, true, null);

    AuthenticatedRequest result = s3.verify(signed.request(), AwsSdk.SECRETS);

    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.StreamingSigned(false));
    assertThat(
            result
                .decodeBody(new ByteArrayInputStream(signed.wireBody()), signed.request())
                .readAllBytes())
        .isEqualTo(body);
  }

  @Test
  void tamperedDataInSdkSignedChunkFailsItsChunkSignature() {
    byte[] body = randomBody(200_000);
    AwsSdk.Signed signed = signChunked(body, true, DefaultChecksumAlgorithm.CRC32);
    byte[] wire = signed.wireBody();
    wire[wire.length / 2] ^= 1;

    AuthenticatedRequest result = s3.verify(signed.request(), AwsSdk.SECRETS);

    assertThatThrownBy(
            () ->
                result.decodeBody(new ByteArrayInputStream(wire), signed.request()).readAllBytes())
        .isInstanceOf(PayloadException.class)
        .extracting(e -> ((PayloadException) e).failure())
        .isEqualTo(PayloadFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void tamperedDataInSdkUnsignedChunkFailsTheTrailerChecksum() {
    byte[] body = randomBody(200_000);
    AwsSdk.Signed signed = signChunked(body, false, DefaultChecksumAlgorithm.CRC32C);
    byte[] wire = signed.wireBody();
    wire[wire.length / 2] ^= 1;

    AuthenticatedRequest result = s3.verify(signed.request(), AwsSdk.SECRETS);

    assertThatThrownBy(
            () ->
                result.decodeBody(new ByteArrayInputStream(wire), signed.request()).readAllBytes())
        .isInstanceOf(PayloadException.class)
        .extracting(e -> ((PayloadException) e).failure())
        .isEqualTo(PayloadFailure.BAD_DIGEST);
  }

  static String checksum(ChecksumAlgorithm algorithm, byte[] body) {
    Checksummer checksummer = algorithm.newChecksummer();
    checksummer.update(body, 0, body.length);
    return checksummer.base64();
  }
}
