package dev.remise.core;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Garage's "blake2sum": BLAKE2b-512 cut to its first 32 bytes. This is not BLAKE2b-256 (the output
 * length is a parameter of BLAKE2, so the two give different digests); block hashes must match
 * Garage's definition.
 */
public final class Blake2 {
  private final Blake2bDigest digest = new Blake2bDigest(512);

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
    byte[] full = new byte[64];
    digest.doFinal(full, 0);
    byte[] cut = new byte[Hash.LENGTH];
    System.arraycopy(full, 0, cut, 0, Hash.LENGTH);
    return new Hash(cut);
  }
}
