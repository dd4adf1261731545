package dev.remise.metadata.rpc;

import dev.remise.metadata.table.BlockRefSink;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.rpc.BlockClient;
import dev.remise.table.MalformedEntryException;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers block_ref cascades to the block nodes the layout's block ring places them on, through
 * {@link BlockClient#insertRefs}: a write quorum in every active version's set. A failed delivery
 * stays in the insert queue and is retried whole, which is idempotent; nodes that missed an entry
 * get it from block_ref anti-entropy.
 */
public final class PlacedBlockRefSink implements BlockRefSink {
  private final BlockClient blocks;

  public PlacedBlockRefSink(BlockClient blocks) {
    this.blocks = blocks;
  }

  @Override
  public void insertBlockRefs(List<byte[]> encodedEntries) {
    List<BlockRef> refs = new ArrayList<>(encodedEntries.size());
    for (byte[] e : encodedEntries) {
      try {
        refs.add(BlockRefTable.INSTANCE.decode(e));
      } catch (MalformedEntryException ex) {
        // The queue holds what this node encoded: a bad entry is a bug, not a peer's fault.
        throw new IllegalStateException("corrupt block_ref entry in the insert queue", ex);
      }
    }
    blocks.insertRefs(BlockRefTable.INSTANCE, refs);
  }
}
