package dev.remise.s3.object;

import dev.remise.sigv4.ChecksumAlgorithm;
import java.util.function.Supplier;

/**
 * What a PutObject body must match once read: {@code Content-MD5} (base64, or null), and an
 * additional checksum algorithm (or null) with its expected value. The value is a supplier because
 * with an aws-chunked trailer it is only known after the last chunk; it may yield null when the
 * client asked for a checksum to be computed and stored without sending one.
 */
public record PutChecks(
    String contentMd5, ChecksumAlgorithm algorithm, Supplier<String> expectedChecksum) {

  public static PutChecks none() {
    return new PutChecks(null, null, () -> null);
  }
}
