package dev.remise.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Requests signed by the AWS SDK for Java v2 — the ground truth the verifier is held to — and their
 * conversion to what a gateway would receive.
 */
final class AwsSdk {
  static final String ACCESS_KEY = "GK31c2f218a2e44f485b94239e";
  static final String SECRET_KEY =
      "b892c0665f0ada8a4755dae98baa3b133590e11dae3bcc1f6d6785b6b1c4e4ba";
  static final String REGION = "garage";
  static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
  static final SecretLookup SECRETS =
      id -> Optional.of(SECRET_KEY).filter(s -> id.equals(ACCESS_KEY));

  private AwsSdk() {}

  /**
   * A request to the gateway, the key encoded as the S3 client marshals it. HTTPS, because over
   * plain HTTP the SDK signs every payload, whatever it is asked.
   */
  static SdkHttpRequest.Builder s3Request(SdkHttpMethod method, String bucket, String key) {
    return SdkHttpRequest.builder()
        .method(method)
        .protocol("https")
        .host("127.0.0.1")
        .port(3900)
        .encodedPath("/" + bucket + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
  }

  /** A signed request and the body bytes the client puts on the wire. */
  record Signed(SignedRequest request, byte[] wireBody) {}

  /**
   * Signs with {@link AwsV4HttpSigner} as the S3 client configures it (no double encoding, no path
   * normalisation), plus {@code properties}.
   */
  static Signed sign(
      SdkHttpRequest request,
      byte[] body,
      String service,
      Consumer<SignRequest.Builder<AwsCredentialsIdentity>> properties) {
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                (SignRequest.Builder<AwsCredentialsIdentity> r) -> {
                  r.identity(AwsCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY))
                      .request(request)
                      .payload(ContentStreamProvider.fromByteArray(body))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                      .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
                      .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                      .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC));
                  properties.accept(r);
                });
    byte[] wireBody = signed.payload().map(AwsSdk::readAll).orElse(new byte[0]);
    return new Signed(received(signed.request()), wireBody);
  }

  /** What the gateway receives for an SDK request: raw path, raw query, headers, Host. */
  static SignedRequest received(SdkHttpRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    if (request.firstMatchingHeader("Host").isEmpty()) {
      headers.put("Host", List.of(request.host() + ":" + request.port()));
    }
    return new SignedRequest(
        request.method().name(),
        request.encodedPath(),
        request.encodedQueryParameters().orElse(""),
        headers);
  }

  static byte[] readAll(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
