package dev.remise.core;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Garage's Uuid: 32 random bytes (not RFC 4122). Used for bucket ids, object version ids and upload
 * ids; being random, it is used unhashed as its own position on the ring.
 */
public record Uuid(byte[] bytes) implements Comparable<Uuid> {
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  public Uuid {
    if (bytes.length != Hash.LENGTH) {
      throw new IllegalArgumentException("a uuid has 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static Uuid random() {
    return random(RANDOM);
  }

  public static Uuid random(RandomGenerator random) {
    byte[] b = new byte[Hash.LENGTH];
    random.nextBytes(b);
    return new Uuid(b);
  }

  public static Uuid fromHex(String hex) {
    if (hex.length() != 2 * Hash.LENGTH) {
      throw new IllegalArgumentException("a uuid has 64 hex digits");
    }
    return new Uuid(HEX.parseHex(hex));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The position of this id on the ring is the id itself. */
  public Hash asHash() {
    return new Hash(bytes);
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Uuid u && Arrays.equals(bytes, u.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Uuid o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
