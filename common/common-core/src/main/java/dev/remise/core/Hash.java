package dev.remise.core;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte value that places data on the ring: a BLAKE2 content hash (block hashes, hashed string
 * partition keys) or a random id (see {@link Uuid}). As in Garage, ids are their own position hash
 * and strings are hashed.
 */
public record Hash(byte[] bytes) implements Comparable<Hash> {
  public static final int LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();

  public Hash {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static Hash fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("a hash has 64 hex digits");
    }
    return new Hash(HEX.parseHex(hex));
  }

  /** Copy of the bytes: records must not leak their mutable state. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The ring partition, the first byte (Garage's PARTITION_BITS = 8). */
  public Partition partition() {
    return Partition.of(bytes[0] & 0xFF);
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
