package dev.remise.sigv4;

import java.util.HexFormat;
import java.util.Locale;

/**
 * How the body of a verified request is protected, read from the signed {@code
 * x-amz-content-sha256} value. The gateway must read the body through the matching stream (see
 * {@link AuthenticatedRequest#decodeBody}) before trusting it.
 */
public sealed interface PayloadMode {

  /** {@code UNSIGNED-PAYLOAD}: the signature covers the headers only. */
  record UnsignedPayload() implements PayloadMode {}

  /**
   * A hex SHA-256 of the whole body was signed; read it through {@link Sha256VerifyingInputStream}.
   */
  record SignedPayload(String sha256Hex) implements PayloadMode {}

  /**
   * {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}: an aws-chunked body whose chunks (and
   * trailer, if {@code trailer}) are each signed, chained from the seed signature.
   */
  record StreamingSigned(boolean trailer) implements PayloadMode {}

  /**
   * {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: an aws-chunked body without signatures, whose
   * integrity rests on the checksum sent in its trailer.
   */
  record StreamingUnsignedTrailer() implements PayloadMode {}

  String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  /**
   * Reads an {@code x-amz-content-sha256} value. {@code STREAMING-UNSIGNED-PAYLOAD} without a
   * trailer is refused, as Garage and S3 do: nothing would protect such a body.
   */
  static PayloadMode parse(String contentSha256) {
    return switch (contentSha256) {
      case UNSIGNED_PAYLOAD -> new UnsignedPayload();
      case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" -> new StreamingSigned(false);
      case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" -> new StreamingSigned(true);
      case "STREAMING-UNSIGNED-PAYLOAD-TRAILER" -> new StreamingUnsignedTrailer();
      default -> {
        if (contentSha256.length() == 64 && isHex(contentSha256)) {
          yield new SignedPayload(contentSha256.toLowerCase(Locale.ROOT));
        }
        throw new SigV4Exception(
            AuthFailure.INVALID_ARGUMENT,
            "Unsupported x-amz-content-sha256 value: " + contentSha256);
      }
    };
  }

  private static boolean isHex(String text) {
    return text.chars().allMatch(HexFormat::isHexDigit);
  }
}
