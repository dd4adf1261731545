package dev.remise.sigv4;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Verifies AWS Signature Version 4 on an incoming request, for one region and one service ({@code
 * s3}, or {@code k2v} for the K2V API).
 *
 * <p>The claims are read from the {@code Authorization} header or from presigned-URL parameters
 * ({@link Authorization}) and checked cheapest first: the credential scope must name this region
 * and service and the request's day; the request must be fresh (within {@link #MAX_CLOCK_SKEW} of
 * the clock for header auth, unexpired for a presigned URL); {@code host} and every {@code x-amz-*}
 * header present must be signed, so that no header can be added to a signed request; the payload
 * mode must be known. Only then is the secret looked up, the signing key derived, the {@link
 * CanonicalRequest} rebuilt and its HMAC compared, in constant time, with the claimed signature.
 *
 * <p>The body is not read here: the returned {@link AuthenticatedRequest} says how it must be
 * verified while it streams. Instances are immutable and may be shared between threads.
 */
public final class SigV4Verifier {
  /** How far the date of a header-signed request may be from the server's clock (AWS's limit). */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

  private final String region;
  private final String service;
  private final InstantSource clock;

  public SigV4Verifier(String region, String service, InstantSource clock) {
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks the signature of {@code request}.
   *
   * @throws SigV4Exception if the request is anonymous, malformed, stale, signed with an unknown
   *     key or signed wrongly
   */
  public AuthenticatedRequest verify(SignedRequest request, SecretLookup secrets) {
    List<QueryParameter> query = QueryParameter.parse(request.rawQuery());
    Authorization claim = Authorization.of(request, query);
    Credential credential = claim.credential();
    checkScope(credential, claim.date());
    checkFreshness(claim);
    checkSignedHeaders(claim, request);
    PayloadMode payloadMode = PayloadMode.parse(claim.payloadHash());

    String secretKey =
        secrets
            .secretKeyFor(credential.accessKeyId())
            .orElseThrow(
                () ->
                    new SigV4Exception(
                        AuthFailure.INVALID_ACCESS_KEY_ID,
                        "The AWS Access Key Id you provided does not exist in our records: "
                            + credential.accessKeyId()));
    byte[] signingKey = Crypto.signingKey(secretKey, credential.day(), region, service);

    boolean presigned = claim instanceof Authorization.Presigned;
    String canonicalQuery = CanonicalRequest.query(query, presigned);
    String canonicalHeaders = CanonicalRequest.headers(claim.signedHeaders(), request);
    String signedHeaders = String.join(";", claim.signedHeaders());
    // S3 alone signs the path encoded once; every other AWS service encodes it twice.
    boolean encodeTwice = !service.equals("s3");
    for (String uri : CanonicalRequest.uriCandidates(request.rawPath(), encodeTwice)) {
      CanonicalRequest canonical =
          new CanonicalRequest(
              request.method(),
              uri,
              canonicalQuery,
              canonicalHeaders,
              signedHeaders,
              claim.payloadHash());
      String stringToSign =
          CanonicalRequest.stringToSign(
              claim.date().amzDate(), credential.scope(), canonical.text());
      byte[] signature = Crypto.hmac(signingKey, stringToSign);
      if (Crypto.signatureMatches(claim.signature(), signature)) {
        return new AuthenticatedRequest(
            credential.accessKeyId(),
            signingKey,
            Crypto.hex(signature),
            credential.scope(),
            claim.date().amzDate(),
            payloadMode);
      }
    }
    throw new SigV4Exception(
        AuthFailure.SIGNATURE_DOES_NOT_MATCH,
        "The request signature we calculated does not match the signature you provided. "
            + "Check your key and signing method.");
  }

  private void checkScope(Credential credential, RequestDate date) {
    if (!credential.region().equals(region)) {
      throw malformed(
          "The authorization header is malformed; the region '%s' is wrong; expecting '%s'"
              .formatted(credential.region(), region));
    }
    if (!credential.service().equals(service)) {
      throw malformed(
          "The authorization header is malformed; the service '%s' is wrong; expecting '%s'"
              .formatted(credential.service(), service));
    }
    if (!credential.terminator().equals(Crypto.TERMINATOR)) {
      throw malformed(
          "The authorization header is malformed; incorrect terminal '%s'; expecting '%s'"
              .formatted(credential.terminator(), Crypto.TERMINATOR));
    }
    if (!credential.day().equals(date.day())) {
      throw malformed(
          "Invalid credential date '%s'. Date is not the same as X-Amz-Date '%s'."
              .formatted(credential.day(), date.amzDate()));
    }
  }

  private void checkFreshness(Authorization claim) {
    Instant now = clock.instant();
    Instant signedAt = claim.date().instant();
    switch (claim) {
      case Authorization.Header _ -> {
        if (Duration.between(signedAt, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
          throw new SigV4Exception(
              AuthFailure.REQUEST_TIME_TOO_SKEWED,
              ("The difference between the request time (%s) and the server's time (%s) "
                      + "is too large.")
                  .formatted(signedAt, now));
        }
      }
      case Authorization.Presigned presigned -> {
        if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
          throw new SigV4Exception(AuthFailure.ACCESS_DENIED, "Request is not valid yet");
        }
        if (now.isAfter(signedAt.plus(presigned.expires()))) {
          throw new SigV4Exception(AuthFailure.ACCESS_DENIED, "Request has expired");
        }
      }
    }
  }

  /**
   * {@code host} must be signed, and so must every {@code x-amz-*} header present: these carry
   * meaning (copy source, ACL, metadata) and an unsigned one could be added to a captured request.
   * {@code x-amz-content-sha256} is exempt, as in Garage: it is the last line of the canonical
   * request either way, and some clients send it unsigned.
   */
  private static void checkSignedHeaders(Authorization claim, SignedRequest request) {
    List<String> signed = claim.signedHeaders();
    if (!signed.contains("host")) {
      throw malformed("The 'host' header must be signed");
    }
    TreeSet<String> unsigned = new TreeSet<>();
    for (String name : request.headers().keySet()) {
      if (name.startsWith("x-amz-")
          && !name.equals("x-amz-content-sha256")
          && !signed.contains(name)) {
        unsigned.add(name);
      }
    }
    if (!unsigned.isEmpty()) {
      throw new SigV4Exception(
          AuthFailure.ACCESS_DENIED,
          "There were headers present in the request which were not signed: "
              + String.join(", ", unsigned));
    }
  }

  private static SigV4Exception malformed(String message) {
    return new SigV4Exception(AuthFailure.AUTHORIZATION_HEADER_MALFORMED, message);
  }
}
