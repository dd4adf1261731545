package dev.remise.sigv4;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/** A {@link MessageDigest} (SHA-1, SHA-256, MD5) as a {@link Checksummer}. */
final class DigestChecksummer implements Checksummer {
  private final MessageDigest digest;
  private byte @Nullable [] result;

  DigestChecksummer(String algorithm) {
    try {
      this.digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides " + algorithm, e);
    }
  }

  @Override
  public void update(byte[] bytes, int offset, int length) {
    if (result != null) {
      throw new IllegalStateException("digest() has ended this checksum");
    }
    digest.update(bytes, offset, length);
  }

  @Override
  public byte[] digest() {
    // MessageDigest.digest() resets the digest; keep the result so a second call agrees.
    if (result == null) {
      result = digest.digest();
    }
    return result.clone();
  }
}
