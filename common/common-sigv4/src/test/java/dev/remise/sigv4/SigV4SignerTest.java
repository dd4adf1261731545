package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** The client-side signer agrees with the AWS SDK v2 signer and passes the verifier. */
class SigV4SignerTest {
  final SigV4Signer signer =
      new SigV4Signer(AwsSdk.REGION, "s3", AwsSdk.ACCESS_KEY, AwsSdk.SECRET_KEY);
  final SigV4Verifier verifier =
      new SigV4Verifier(AwsSdk.REGION, "s3", InstantSource.fixed(AwsSdk.NOW));

  static List<String> keys() {
    return AwsSdkSignerTest.keys().toList();
  }

  @ParameterizedTest
  @MethodSource("keys")
  void signsPutObjectExactlyAsTheAwsSdkDoes(String key) {
    byte[] body = ("content of " + key).getBytes(StandardCharsets.UTF_8);
    String path = "/bucket/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);
    AwsSdk.Signed sdk =
        AwsSdk.sign(
            AwsSdk.s3Request(SdkHttpMethod.PUT, "bucket", key).build(),
            body,
            "s3",
            r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));

    Map<String, String> ours =
        signer.sign("PUT", URI.create("https://127.0.0.1:3900" + path), body, AwsSdk.NOW);

    assertThat(ours.get("Authorization"))
        .isEqualTo(sdk.request().header("Authorization").orElseThrow());
    assertThat(ours.get("x-amz-content-sha256"))
        .isEqualTo(sdk.request().header("x-amz-content-sha256").orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("keys")
  void signedRequestsPassTheVerifierForAnyKey(String key) {
    byte[] body = key.getBytes(StandardCharsets.UTF_8);
    URI uri =
        URI.create(
            "http://127.0.0.11:3900/bucket/"
                + SdkHttpUtils.urlEncodeIgnoreSlashes(key)
                + "?x-id=PutObject");

    AuthenticatedRequest ok =
        verifier.verify(received("PUT", uri, signer.sign("PUT", uri, body, AwsSdk.NOW)), secrets());

    assertThat(ok.accessKeyId()).isEqualTo(AwsSdk.ACCESS_KEY);
    assertThat(ok.payloadMode()).isInstanceOf(PayloadMode.SignedPayload.class);
  }

  @Test
  void theHostLeavesOutTheSchemesDefaultPort() {
    assertThat(SigV4Signer.host(URI.create("http://example.com:80/"))).isEqualTo("example.com");
    assertThat(SigV4Signer.host(URI.create("https://example.com:443/"))).isEqualTo("example.com");
    assertThat(SigV4Signer.host(URI.create("http://127.0.0.1:3900/b"))).isEqualTo("127.0.0.1:3900");
  }

  @Test
  void anotherSecretDoesNotVerify() {
    URI uri = URI.create("http://127.0.0.1:3900/bucket/k");
    Map<String, String> headers =
        new SigV4Signer(AwsSdk.REGION, "s3", AwsSdk.ACCESS_KEY, "0".repeat(64))
            .sign("GET", uri, new byte[0], AwsSdk.NOW);

    assertThatThrownBy(() -> verifier.verify(received("GET", uri, headers), secrets()))
        .isInstanceOf(SigV4Exception.class);
  }

  private static SecretLookup secrets() {
    return AwsSdk.SECRETS;
  }

  /** What the gateway receives: the headers sent, and Host as the HTTP client writes it. */
  private static SignedRequest received(String method, URI uri, Map<String, String> headers) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("Host", List.of(SigV4Signer.host(uri)));
    headers.forEach((name, value) -> all.put(name, List.of(value)));
    return new SignedRequest(method, uri.getRawPath(), uri.getRawQuery(), all);
  }
}
