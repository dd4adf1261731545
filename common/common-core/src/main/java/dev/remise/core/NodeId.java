package dev.remise.core;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A node's identity: 32 bytes (in Garage, the node's ed25519 public key). Ordered as unsigned
 * bytes, which is the order of the storage nodes in a ring and so the meaning of its indices.
 */
public record NodeId(byte[] bytes) implements Comparable<NodeId> {
  public static final int LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();

  public NodeId {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a node id has 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static NodeId fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("a node id has 64 hex digits, got " + hex.length());
    }
    return new NodeId(HEX.parseHex(hex));
  }

  /** Copy of the bytes: records must not leak their mutable state. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** The first 8 bytes in hex, as operators see node ids in tables. */
  public String shortHex() {
    return HEX.formatHex(bytes, 0, 8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId n && Arrays.equals(bytes, n.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
