package dev.remise.sigv4;

import java.io.InputStream;
import java.util.HexFormat;

/**
 * Verifies a body against the hex SHA-256 that the request signed ({@link
 * PayloadMode.SignedPayload}): since the signature covers the hash, a body that hashes to it is
 * authenticated too. A mismatch is {@link PayloadFailure#CONTENT_SHA256_MISMATCH}, reported by the
 * read that reaches end-of-stream.
 */
public final class Sha256VerifyingInputStream extends ChecksumVerifyingInputStream {

  /**
   * @throws IllegalArgumentException if {@code expectedSha256Hex} is not 64 hex digits (the
   *     verifier only ever yields well-formed ones)
   */
  public Sha256VerifyingInputStream(InputStream in, String expectedSha256Hex) {
    super(
        in,
        new DigestChecksummer("SHA-256"),
        parse(expectedSha256Hex),
        PayloadFailure.CONTENT_SHA256_MISMATCH,
        computed ->
            "The provided 'x-amz-content-sha256' header does not match what was computed ("
                + HexFormat.of().formatHex(computed)
                + ").");
  }

  private static byte[] parse(String sha256Hex) {
    byte[] digest = HexFormat.of().parseHex(sha256Hex);
    if (digest.length != 32) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256Hex);
    }
    return digest;
  }
}
