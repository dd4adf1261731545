package dev.remise.model.s3;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The block list of one object version (Garage's version table, P = version uuid). Blocks are keyed
 * by (part number, offset of the block inside the part, in plaintext bytes). Deletion is final: a
 * deleted version forgets its blocks, and the {@code updated} hook turns each forgotten block into
 * a deleted {@link BlockRef}.
 */
public record Version(
    Uuid uuid, boolean deleted, NavigableMap<BlockKey, Block> blocks, Backlink backlink) {

  public Version {
    blocks = Collections.unmodifiableNavigableMap(new TreeMap<>(deleted ? Map.of() : blocks));
  }

  public static Version empty(Uuid uuid, Backlink backlink) {
    return new Version(uuid, false, new TreeMap<>(), backlink);
  }

  public static Version deleted(Uuid uuid, Backlink backlink) {
    return new Version(uuid, true, new TreeMap<>(), backlink);
  }

  public Version withBlock(BlockKey key, Block block) {
    TreeMap<BlockKey, Block> next = new TreeMap<>(blocks);
    next.put(key, block);
    return new Version(uuid, deleted, next, backlink);
  }

  public Version merge(Version other) {
    if (deleted || other.deleted) {
      return new Version(uuid, true, new TreeMap<>(), backlink);
    }
    TreeMap<BlockKey, Block> union = new TreeMap<>(blocks);
    // The same (part, offset) always holds the same block unless a writer misbehaved; keep the
    // larger hash so
    // replicas still agree.
    other.blocks.forEach(
        (k, v) -> union.merge(k, v, (a, b) -> a.hash().compareTo(b.hash()) >= 0 ? a : b));
    return new Version(uuid, false, union, backlink);
  }

  public long size() {
    return blocks.values().stream().mapToLong(Block::size).sum();
  }

  public record BlockKey(int partNumber, long offset) implements Comparable<BlockKey> {
    @Override
    public int compareTo(BlockKey o) {
      int c = Integer.compare(partNumber, o.partNumber);
      return c != 0 ? c : Long.compare(offset, o.offset);
    }
  }

  public record Block(Hash hash, long size) {}

  /** What a version belongs to, so repairs can find versions whose owner forgot them. */
  public sealed interface Backlink {
    record Object(Uuid bucketId, String key) implements Backlink {}

    record MultipartUpload(Uuid uploadId) implements Backlink {}
  }
}
