package dev.remise.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SigV4-signed S3 {@code ListBuckets} ({@code GET /}), the request a client makes first: it
 * answers 200 only when the gateway is up, verifies signatures with a key it reads from its
 * metadata nodes, and sees the buckets there. The dev cluster uses it to tell a node that serves
 * from one that merely listens. Signed as AWS specifies for a header-authenticated request with an
 * empty payload (the signer of the AWS SDK is a test dependency only).
 */
final class SignedS3Probe {
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final InstantSource clock;
  private final String region;
  private final String accessKeyId;
  private final String secretKey;

  SignedS3Probe(InstantSource clock, String region, String accessKeyId, String secretKey) {
    this.clock = clock;
    this.region = region;
    this.accessKeyId = accessKeyId;
    this.secretKey = secretKey;
  }

  /** The answer of {@code ListBuckets} at {@code endpoint}: status and body. */
  HttpResponse<String> listBuckets(URI endpoint) throws IOException, InterruptedException {
    String amzDate = AMZ_DATE.format(clock.instant());
    String day = amzDate.substring(0, 8);
    // As the HTTP client writes Host: the port only when it is not the scheme's default.
    String host =
        endpoint.getPort() == -1 || endpoint.getPort() == 80
            ? endpoint.getHost()
            : endpoint.getHost() + ":" + endpoint.getPort();
    String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
    String canonical =
        String.join(
            "\n",
            "GET",
            "/",
            "",
            "host:" + host,
            "x-amz-content-sha256:" + EMPTY_SHA256,
            "x-amz-date:" + amzDate,
            "",
            signedHeaders,
            EMPTY_SHA256);
    String scope = day + "/" + region + "/s3/aws4_request";
    String toSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, toSign));
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(Duration.ofSeconds(5))
            .header("x-amz-date", amzDate)
            .header("x-amz-content-sha256", EMPTY_SHA256)
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + accessKeyId
                    + "/"
                    + scope
                    + ", SignedHeaders="
                    + signedHeaders
                    + ", Signature="
                    + signature)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
