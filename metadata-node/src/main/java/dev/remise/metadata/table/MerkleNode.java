package dev.remise.metadata.table;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.MalformedEntryException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A node of a table partition's Merkle trie (Garage's {@code MerkleNode}, garage-internals §3.6).
 * Items are placed by {@code khash = blake2(storage key)}: the node at prefix {@code p} covers the
 * items whose khash starts with {@code p}. An {@link Empty} node covers none and is never stored; a
 * {@link Leaf} covers exactly one; an {@link Intermediate} covers at least two and lists the hash
 * of each non-empty child by its next khash byte.
 *
 * <p>The encoding is ours, not Garage's MessagePack: the {@value #VERSION_MARKER} marker, a kind
 * byte, then the fields in {@link EntryWriter}'s deterministic form. Node hashes are blake2 of that
 * encoding, so two nodes with the same items compute the same root hash whatever the order their
 * items arrived in; sync compares nodes across the cluster by these hashes, so every node must keep
 * encoding them to the same bytes (a new encoding gets a new marker).
 */
public sealed interface MerkleNode {
  /** Precedes every encoded node. */
  String VERSION_MARKER = "remise-merkle-1";

  int KIND_EMPTY = 0;
  int KIND_INTERMEDIATE = 1;
  int KIND_LEAF = 2;

  /** The hash of an empty (sub)tree: the hash of the encoded {@link Empty}, not zeros. */
  Hash EMPTY_HASH = Blake2.sum(new Empty().encode());

  byte[] encode();

  /** blake2 of {@link #encode}: what parents and peers compare. */
  default Hash hash() {
    return Blake2.sum(encode());
  }

  /** No item under this prefix. */
  record Empty() implements MerkleNode {
    @Override
    public byte[] encode() {
      return new EntryWriter().raw(marker()).u8(KIND_EMPTY).toByteArray();
    }
  }

  /**
   * One child of an intermediate node.
   *
   * @param index the next khash byte, 0 to 255
   * @param hash the child's node hash
   */
  record Child(int index, Hash hash) {
    public Child {
      if (index < 0 || index > 255) {
        throw new IllegalArgumentException("a child index is a byte, got " + index);
      }
    }
  }

  /**
   * Two or more items: the non-empty children, sorted by index, each index once.
   *
   * @param children at least one child (a root holding one intermediate child is legal: its items
   *     share their first khash byte)
   */
  record Intermediate(List<Child> children) implements MerkleNode {
    public Intermediate {
      children = List.copyOf(children);
      for (int i = 1; i < children.size(); i++) {
        if (children.get(i - 1).index() >= children.get(i).index()) {
          throw new IllegalArgumentException("children must be sorted by index, each once");
        }
      }
    }

    @Override
    public byte[] encode() {
      return new EntryWriter()
          .raw(marker())
          .u8(KIND_INTERMEDIATE)
          .list(children, (w, c) -> w.u8(c.index()).hash(c.hash()))
          .toByteArray();
    }
  }

  /**
   * Exactly one item.
   *
   * @param key the item's storage key ({@code partition hash ‖ sort key})
   * @param valueHash blake2 of the item's encoded entry
   */
  record Leaf(byte[] key, Hash valueHash) implements MerkleNode {
    public Leaf {
      key = key.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] encode() {
      return new EntryWriter().raw(marker()).u8(KIND_LEAF).bytes(key).hash(valueHash).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Leaf l && Arrays.equals(key, l.key) && valueHash.equals(l.valueHash);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(key) + valueHash.hashCode();
    }

    @Override
    public String toString() {
      return "Leaf[key=" + HexFormat.of().formatHex(key) + ", valueHash=" + valueHash + "]";
    }
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws MalformedEntryException when {@code encoded} is not a node of this encoding
   */
  static MerkleNode decode(byte[] encoded) {
    byte[] marker = marker();
    if (encoded.length < marker.length
        || !Arrays.equals(encoded, 0, marker.length, marker, 0, marker.length)) {
      throw new MalformedEntryException("not a Merkle node (version marker mismatch)");
    }
    EntryReader r = new EntryReader(encoded, marker.length);
    MerkleNode node;
    try {
      node =
          switch (r.u8()) {
            case KIND_EMPTY -> new Empty();
            case KIND_INTERMEDIATE -> new Intermediate(r.list(c -> new Child(c.u8(), c.hash())));
            case KIND_LEAF -> new Leaf(r.bytes(), r.hash());
            default -> throw new MalformedEntryException("unknown Merkle node kind");
          };
    } catch (IllegalArgumentException e) {
      // Unsorted children: well-formed bytes, but no node this encoding produces.
      throw new MalformedEntryException("bad Merkle node: " + e.getMessage());
    }
    r.expectEnd();
    return node;
  }

  /** A fresh copy each time: an interface cannot hold a private array. */
  private static byte[] marker() {
    return VERSION_MARKER.getBytes(StandardCharsets.US_ASCII);
  }
}
