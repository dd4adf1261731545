package dev.remise.sigv4;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request whose signature verified, with what is needed to verify its body: the signing key and
 * the seed signature start the aws-chunked signature chain, which also signs the credential scope
 * and the request date.
 *
 * @param accessKeyId the key that signed the request
 * @param signingKey the derived SigV4 signing key (HMAC key of the date, region and service)
 * @param seedSignature the request signature, hex: the "previous signature" of the first chunk
 * @param credentialScope {@code yyyyMMdd/region/service/aws4_request}
 * @param amzDate the request date as signed, {@code yyyyMMdd'T'HHmmss'Z'}
 * @param payloadMode how the body is protected
 */
public record AuthenticatedRequest(
    String accessKeyId,
    byte[] signingKey,
    String seedSignature,
    String credentialScope,
    String amzDate,
    PayloadMode payloadMode) {

  public AuthenticatedRequest {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    signingKey = signingKey.clone();
    Objects.requireNonNull(seedSignature, "seedSignature");
    Objects.requireNonNull(credentialScope, "credentialScope");
    Objects.requireNonNull(amzDate, "amzDate");
    Objects.requireNonNull(payloadMode, "payloadMode");
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  /**
   * Wraps the raw request body in the stream its payload mode calls for: itself for {@code
   * UNSIGNED-PAYLOAD}, a {@link Sha256VerifyingInputStream} for a signed SHA-256, an {@link
   * AwsChunkedInputStream} for the streaming modes (reading {@code x-amz-trailer} and {@code
   * x-amz-decoded-content-length} from {@code request}). Verification failures surface as {@link
   * PayloadException} while reading; the body must be read to end-of-stream before it is trusted.
   *
   * @throws SigV4Exception ({@link AuthFailure#INVALID_ARGUMENT}) if the trailer or length headers
   *     of a streaming request are malformed
   */
  public InputStream decodeBody(InputStream rawBody, SignedRequest request) {
    return switch (payloadMode) {
      case PayloadMode.UnsignedPayload() -> rawBody;
      case PayloadMode.SignedPayload(String sha256Hex) ->
          new Sha256VerifyingInputStream(rawBody, sha256Hex);
      case PayloadMode.StreamingSigned _, PayloadMode.StreamingUnsignedTrailer _ ->
          AwsChunkedInputStream.of(rawBody, this, request);
    };
  }

  // A record compares arrays by identity and prints them; the key must be compared by value and
  // must never reach a log.
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AuthenticatedRequest that
        && accessKeyId.equals(that.accessKeyId)
        && Arrays.equals(signingKey, that.signingKey)
        && seedSignature.equals(that.seedSignature)
        && credentialScope.equals(that.credentialScope)
        && amzDate.equals(that.amzDate)
        && payloadMode.equals(that.payloadMode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        accessKeyId,
        Arrays.hashCode(signingKey),
        seedSignature,
        credentialScope,
        amzDate,
        payloadMode);
  }

  @Override
  public String toString() {
    return ("AuthenticatedRequest[accessKeyId=%s, signingKey=<redacted>, seedSignature=%s, "
            + "credentialScope=%s, amzDate=%s, payloadMode=%s]")
        .formatted(accessKeyId, seedSignature, credentialScope, amzDate, payloadMode);
  }
}
