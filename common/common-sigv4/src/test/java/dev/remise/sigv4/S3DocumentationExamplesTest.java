package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the Amazon S3 API reference ("Signature Calculations for the Authorization
 * Header", "... Chunked Upload", "... Including Trailing Headers", "Authenticating Requests: Using
 * Query Parameters"): key AKIAIOSFODNN7EXAMPLE, bucket examplebucket, us-east-1, 20130524T000000Z.
 */
class S3DocumentationExamplesTest {
  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");
  static final String CREDENTIAL =
      "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  final SecretLookup secrets = id -> Optional.of(SECRET_KEY).filter(s -> id.equals(ACCESS_KEY));

  static SigV4Verifier verifierAt(Instant now) {
    return new SigV4Verifier("us-east-1", "s3", InstantSource.fixed(now));
  }

  final SigV4Verifier verifier = verifierAt(SIGNED_AT);

  @Test
  void getObjectWithRangeVerifies() {
    SignedRequest request =
        HttpHead.parse(
            """
            GET /test.txt HTTP/1.1
            Host: examplebucket.s3.amazonaws.com
            Authorization: AWS4-HMAC-SHA256 %s,\
            SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,\
            Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41
            Range: bytes=0-9
            x-amz-content-sha256:%s
            x-amz-date: 20130524T000000Z"""
                .formatted(CREDENTIAL, EMPTY_SHA256));

    AuthenticatedRequest result = verifier.verify(request, secrets);

    assertThat(result.seedSignature())
        .isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.SignedPayload(EMPTY_SHA256));
  }

  static SignedRequest putObject(String rawPath) {
    return HttpHead.parse(
        """
        PUT %s HTTP/1.1
        Host: examplebucket.s3.amazonaws.com
        Date: Fri, 24 May 2013 00:00:00 GMT
        Authorization: AWS4-HMAC-SHA256 %s,\
        SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,\
        Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd
        x-amz-date: 20130524T000000Z
        x-amz-storage-class: REDUCED_REDUNDANCY
        x-amz-content-sha256: 44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"""
            .formatted(rawPath, CREDENTIAL));
  }

  @Test
  void putObjectVerifiesAndItsBodyMatchesTheSignedHash() throws IOException {
    AuthenticatedRequest result = verifier.verify(putObject("/test%24file.text"), secrets);
    InputStream body =
        result.decodeBody(
            new ByteArrayInputStream("Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8)),
            putObject("/test%24file.text"));

    assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("Welcome to Amazon S3.");
  }

  @Test
  void putObjectVerifiesWhetherOrNotTheClientEscapedTheDollar() {
    assertThat(verifier.verify(putObject("/test$file.text"), secrets).seedSignature())
        .isEqualTo("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  }

  @Test
  void putObjectWithAnotherBodyFailsWithContentSha256Mismatch() {
    AuthenticatedRequest result = verifier.verify(putObject("/test%24file.text"), secrets);
    InputStream body =
        result.decodeBody(
            new ByteArrayInputStream("Welcome to Amazon S4.".getBytes(StandardCharsets.UTF_8)),
            putObject("/test%24file.text"));

    assertThatThrownBy(body::readAllBytes)
        .isInstanceOf(PayloadException.class)
        .extracting(e -> ((PayloadException) e).failure())
        .isEqualTo(PayloadFailure.CONTENT_SHA256_MISMATCH);
  }

  @Test
  void getBucketLifecycleVerifies() {
    SignedRequest request =
        HttpHead.parse(
            """
            GET /?lifecycle HTTP/1.1
            Host: examplebucket.s3.amazonaws.com
            Authorization: AWS4-HMAC-SHA256 %s,SignedHeaders=host;x-amz-content-sha256;x-amz-date,\
            Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543
            x-amz-date: 20130524T000000Z
            x-amz-content-sha256: %s"""
                .formatted(CREDENTIAL, EMPTY_SHA256));

    assertThat(verifier.verify(request, secrets).seedSignature())
        .isEqualTo("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  }

  @Test
  void listObjectsVerifies() {
    SignedRequest request =
        HttpHead.parse(
            """
            GET /?max-keys=2&prefix=J HTTP/1.1
            Host: examplebucket.s3.amazonaws.com
            Authorization: AWS4-HMAC-SHA256 %s,SignedHeaders=host;x-amz-content-sha256;x-amz-date,\
            Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7
            x-amz-date: 20130524T000000Z
            x-amz-content-sha256: %s"""
                .formatted(CREDENTIAL, EMPTY_SHA256));

    assertThat(verifier.verify(request, secrets).seedSignature())
        .isEqualTo("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  }

  static SignedRequest presignedGet() {
    return HttpHead.parse(
        """
        GET /test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
        &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
        &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404 HTTP/1.1
        Host: examplebucket.s3.amazonaws.com""");
  }

  @Test
  void presignedGetVerifiesUntilItExpires() {
    AuthenticatedRequest atLastSecond =
        verifierAt(SIGNED_AT.plus(Duration.ofSeconds(86400))).verify(presignedGet(), secrets);

    assertThat(atLastSecond.seedSignature())
        .isEqualTo("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    assertThat(atLastSecond.payloadMode()).isEqualTo(new PayloadMode.UnsignedPayload());
    assertThatThrownBy(
            () ->
                verifierAt(SIGNED_AT.plus(Duration.ofSeconds(86401)))
                    .verify(presignedGet(), secrets))
        .isInstanceOf(SigV4Exception.class)
        .hasMessage("Request has expired")
        .extracting(e -> ((SigV4Exception) e).failure())
        .isEqualTo(AuthFailure.ACCESS_DENIED);
  }

  /** 66560 bytes of 'a' in chunks of 64 KiB, 1 KiB and 0, as in both chunked-upload examples. */
  static byte[] chunkedBody(String[] chunkSignatures, String trailer) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int[] sizes = {65536, 1024, 0};
    for (int i = 0; i < 3; i++) {
      body.writeBytes(
          (Integer.toHexString(sizes[i]) + ";chunk-signature=" + chunkSignatures[i] + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] data = new byte[sizes[i]];
      Arrays.fill(data, (byte) 'a');
      body.writeBytes(data);
      if (sizes[i] > 0) {
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    body.writeBytes((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  static byte[] expectedPayload() {
    byte[] payload = new byte[66560];
    Arrays.fill(payload, (byte) 'a');
    return payload;
  }

  @Test
  void chunkedUploadSeedAndChunkSignaturesVerify() throws IOException {
    SignedRequest request =
        HttpHead.parse(
            """
            PUT /examplebucket/chunkObject.txt HTTP/1.1
            Host: s3.amazonaws.com
            x-amz-date: 20130524T000000Z
            x-amz-storage-class: REDUCED_REDUNDANCY
            Authorization: AWS4-HMAC-SHA256 %s,SignedHeaders=content-encoding;content-length;host;\
            x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,\
            Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9
            x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD
            Content-Encoding: aws-chunked
            x-amz-decoded-content-length: 66560
            Content-Length: 66824"""
                .formatted(CREDENTIAL));
    byte[] body =
        chunkedBody(
            new String[] {
              "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
              "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
              "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"
            },
            "");

    AuthenticatedRequest result = verifier.verify(request, secrets);

    assertThat(body).hasSize(66824);
    assertThat(result.seedSignature())
        .isEqualTo("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.StreamingSigned(false));
    assertThat(result.decodeBody(new ByteArrayInputStream(body), request).readAllBytes())
        .isEqualTo(expectedPayload());
  }

  @Test
  void chunkedUploadWithSignedTrailerVerifiesItsChecksum() throws IOException {
    SignedRequest request =
        HttpHead.parse(
            """
            PUT /examplebucket/chunkObject.txt HTTP/1.1
            Host: s3.amazonaws.com
            x-amz-date: 20130524T000000Z
            x-amz-storage-class: REDUCED_REDUNDANCY
            Authorization: AWS4-HMAC-SHA256 %s,SignedHeaders=content-encoding;host;\
            x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;\
            x-amz-trailer,Signature=106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e
            x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
            Content-Encoding: aws-chunked
            x-amz-decoded-content-length: 66560
            x-amz-trailer: x-amz-checksum-crc32c
            Content-Length: 66824"""
                .formatted(CREDENTIAL));
    byte[] body =
        chunkedBody(
            new String[] {
              "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
              "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
              "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"
            },
            "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:"
                + "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n");

    AuthenticatedRequest result = verifier.verify(request, secrets);
    AwsChunkedInputStream decoded =
        (AwsChunkedInputStream) result.decodeBody(new ByteArrayInputStream(body), request);

    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.StreamingSigned(true));
    assertThat(decoded.readAllBytes()).isEqualTo(expectedPayload());
    assertThat(decoded.trailerChecksum()).contains("sOO8/Q==");
  }
}
