package dev.remise.model.s3;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;

/**
 * One reference from an object version to a block (Garage's block_ref table, P = block hash, S =
 * version uuid). Partitioned by the block hash, so the entries live on exactly the block nodes
 * holding the block and the reference count stays local. {@code deleted} only ever goes from false
 * to true.
 */
public record BlockRef(Hash block, Uuid version, boolean deleted) {

  public BlockRef merge(BlockRef other) {
    return new BlockRef(block, version, deleted || other.deleted);
  }
}
