package dev.remise.sigv4;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * The signature chain of a signed aws-chunked body. Each chunk signs its own data together with the
 * previous signature, starting from the request's (seed) signature, so chunks can be neither
 * altered, dropped nor reordered; the trailer signature extends the chain past the final, empty
 * chunk.
 *
 * <pre>
 * chunk:   HMAC(key, "AWS4-HMAC-SHA256-PAYLOAD\n" date "\n" scope "\n" previous "\n"
 *                    sha256("") "\n" sha256(chunk data))
 * trailer: HMAC(key, "AWS4-HMAC-SHA256-TRAILER\n" date "\n" scope "\n" previous "\n"
 *                    sha256(trailer lines, each "name:value\n"))
 * </pre>
 */
final class ChunkSignatureChain {
  private final Mac mac;
  private final String prefix;
  private String previousSignature;

  ChunkSignatureChain(AuthenticatedRequest request) {
    this.mac = Crypto.hmac(request.signingKey());
    this.prefix = request.amzDate() + "\n" + request.credentialScope() + "\n";
    this.previousSignature = request.seedSignature();
  }

  /** Checks the signature of one chunk and, if it holds, makes it the link the next one signs. */
  boolean verifyChunk(byte[] data, int length, String claimedSignature) {
    var sha256 = Crypto.sha256();
    sha256.update(data, 0, length);
    return verify(
        "AWS4-HMAC-SHA256-PAYLOAD\n"
            + prefix
            + previousSignature
            + "\n"
            + Crypto.EMPTY_SHA256
            + "\n"
            + Crypto.hex(sha256.digest()),
        claimedSignature);
  }

  /** Checks the trailer signature over the canonical trailer lines. */
  boolean verifyTrailer(String canonicalTrailers, String claimedSignature) {
    return verify(
        "AWS4-HMAC-SHA256-TRAILER\n"
            + prefix
            + previousSignature
            + "\n"
            + Crypto.sha256Hex(canonicalTrailers),
        claimedSignature);
  }

  private boolean verify(String stringToSign, String claimedSignature) {
    byte[] signature = mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
    if (!Crypto.signatureMatches(claimedSignature, signature)) {
      return false;
    }
    previousSignature = Crypto.hex(signature);
    return true;
  }
}
