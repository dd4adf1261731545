package dev.remise.sigv4;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * Signs a request as a client does, for Remise's own tools ({@code remise check}, the dev cluster's
 * probes), so they need neither the AWS SDK nor a second copy of SigV4.
 *
 * <p>Header authentication with a signed SHA-256 payload: the signed headers are {@code host},
 * {@code x-amz-content-sha256} and {@code x-amz-date}, the canonical URI is built by the same rules
 * {@link SigV4Verifier} checks against (S3 encodes the path once, every other service twice) and
 * the query is canonicalised as the verifier does. The caller sends the returned headers with the
 * request and lets the HTTP client write {@code Host} as {@link #host(URI)} spells it: the port
 * only when it is not the scheme's default. Instances are immutable and may be shared.
 */
public final class SigV4Signer {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String SIGNED_HEADERS = "host;x-amz-content-sha256;x-amz-date";

  private final String region;
  private final String service;
  private final String accessKeyId;
  private final String secretKey;

  public SigV4Signer(String region, String service, String accessKeyId, String secretKey) {
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
  }

  /**
   * The headers that authenticate {@code method uri} with {@code body} at {@code now}: {@code
   * x-amz-date}, {@code x-amz-content-sha256} and {@code Authorization}.
   *
   * @param uri absolute, with its path and query already percent-encoded as they go on the wire
   */
  public Map<String, String> sign(String method, URI uri, byte[] body, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String day = amzDate.substring(0, 8);
    String payloadHash = Crypto.hex(Crypto.sha256().digest(body));
    String rawPath =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String canonicalUri = CanonicalRequest.uriCandidates(rawPath, !service.equals("s3")).getFirst();
    String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    String canonicalHeaders =
        "host:"
            + host(uri)
            + "\n"
            + "x-amz-content-sha256:"
            + payloadHash
            + "\n"
            + "x-amz-date:"
            + amzDate
            + "\n";
    CanonicalRequest canonical =
        new CanonicalRequest(
            method,
            canonicalUri,
            CanonicalRequest.query(QueryParameter.parse(rawQuery), false),
            canonicalHeaders,
            SIGNED_HEADERS,
            payloadHash);
    String scope = String.join("/", day, region, service, Crypto.TERMINATOR);
    String toSign = CanonicalRequest.stringToSign(amzDate, scope, canonical.text());
    String signature =
        Crypto.hex(Crypto.hmac(Crypto.signingKey(secretKey, day, region, service), toSign));
    return Map.of(
        "x-amz-date",
        amzDate,
        "x-amz-content-sha256",
        payloadHash,
        "Authorization",
        Crypto.ALGORITHM
            + " Credential="
            + accessKeyId
            + "/"
            + scope
            + ", SignedHeaders="
            + SIGNED_HEADERS
            + ", Signature="
            + signature);
  }

  /** {@code Host} as an HTTP client writes it: the port only when not the scheme's default. */
  public static String host(URI uri) {
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80)
            || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }
}
