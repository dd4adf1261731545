package dev.remise.metadata.rpc;

import dev.remise.metadata.table.BlockRefSink;
import dev.remise.rpc.BlockRpc;
import dev.remise.table.EntryBatch;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends block_ref cascades to block nodes over {@link BlockRpc}: one {@code insertBlockRefs} call
 * with the whole batch per node. Until the layout (issue 3) says which nodes hold a block, every
 * configured block node gets every entry, and all must accept: block_ref entries are tombstones a
 * reference count depends on, so losing one on some node would leak its block there forever.
 */
public final class FeignBlockRefSink implements BlockRefSink {
  private final BlockRpc rpc;
  private final List<URI> nodes;

  public FeignBlockRefSink(BlockRpc rpc, List<URI> nodes) {
    this.rpc = rpc;
    this.nodes = List.copyOf(nodes);
  }

  @Override
  public void insertBlockRefs(List<byte[]> encodedEntries) {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("no block node configured (remise.metadata.block-nodes)");
    }
    byte[] batch = EntryBatch.encode(encodedEntries);
    List<URI> failed = new ArrayList<>();
    RuntimeException failure = null;
    // Every node is tried even after a failure: the ones that accept are done, and the retry of
    // the whole batch is idempotent on them.
    for (URI node : nodes) {
      try {
        rpc.insertBlockRefs(node, batch);
      } catch (RuntimeException e) {
        failed.add(node);
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw new IllegalStateException("block_ref insert failed on " + failed, failure);
    }
  }
}
