package dev.remise.core;

import java.nio.charset.StandardCharsets;

/**
 * Garage's "blake2sum": BLAKE2b-512 cut to its first 32 bytes. This is not BLAKE2b-256 (the output
 * length is a parameter of BLAKE2, so the two give different digests); block hashes must match
 * Garage's definition. Computed by {@link Blake2b512}, which Bouncy Castle's implementation checks
 * in the tests.
 */
public final class Blake2 {
  private final Blake2b512 digest = new Blake2b512();

  public static Hash sum(byte[] data) {
    return sum(data, 0, data.length);
  }

  public static Hash sum(byte[] data, int offset, int length) {
    Blake2 b = new Blake2();
    b.update(data, offset, length);
    return b.finish();
  }

  /** The position hash of a string partition key. */
  public static Hash sum(String s) {
    return sum(s.getBytes(StandardCharsets.UTF_8));
  }

  public void update(byte[] data, int offset, int length) {
    digest.update(data, offset, length);
  }

  public Hash finish() {
    byte[] full = digest.digest();
    byte[] cut = new byte[Hash.LENGTH];
    System.arraycopy(full, 0, cut, 0, Hash.LENGTH);
    return new Hash(cut);
  }
}
