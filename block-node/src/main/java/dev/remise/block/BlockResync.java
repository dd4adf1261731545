package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.datablock.DataBlock;
import dev.remise.layout.LayoutHistory;
import dev.remise.replication.BlockPlacement;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.NodeLayout;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * What resync does for one block (Garage's {@code resync_block}), and, before GC deletes a block
 * here, handing it to the holders that still need it ({@link #offload}).
 *
 * <p>A block this node references but lacks is fetched from the other nodes that may hold it, in
 * read order, verified in full and stored, unless the current layout no longer places it here (its
 * references will move away, and its count fall to zero). A block on disk that nothing ever
 * referenced (a lost upload, metadata rebuilt) is handed to GC with the usual delay.
 */
public final class BlockResync {
  /** What one resync did, for logs and tests. */
  public enum Outcome {
    NOTHING_TO_DO,
    FETCHED,
    NOT_A_HOLDER,
    UNREFERENCED_HELD_FOR_GC
  }

  private final BlockStore store;
  private final BlockRefStore refs;
  private final BlockClient client;
  private final NodeLayout layout;
  private final BlockMetrics metrics;
  private final InstantSource clock;

  public BlockResync(
      BlockStore store,
      BlockRefStore refs,
      BlockClient client,
      NodeLayout layout,
      BlockMetrics metrics,
      InstantSource clock) {
    this.store = store;
    this.refs = refs;
    this.client = client;
    this.layout = layout;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Brings the block's local state in line with its reference count.
   *
   * @throws IOException if the block is needed and no node could supply a good copy (retried with
   *     backoff by the worker)
   */
  public Outcome resync(Hash hash) throws IOException, RocksDBException {
    RcEntry rc = refs.rc(hash);
    boolean exists = store.exists(hash);
    if (rc.isNeeded(clock.millis()) && !exists) {
      LayoutHistory history = history();
      NodeId self = layout.self();
      if (!BlockPlacement.currentNodes(history, hash).contains(self)) {
        return Outcome.NOT_A_HOLDER;
      }
      List<NodeId> candidates =
          client.readOrder(hash).stream().filter(n -> !n.equals(self)).toList();
      Optional<DataBlock> block = client.fetchStored(hash, candidates);
      if (block.isEmpty()) {
        throw new IOException(
            "block "
                + hash
                + " is referenced here but none of "
                + candidates.size()
                + " other nodes holds it");
      }
      block.get().verify(hash);
      if (store.write(hash, block.get())) {
        metrics.written(block.get().storedLength());
        metrics.resynced();
      }
      return Outcome.FETCHED;
    }
    if (exists && rc instanceof RcEntry.Absent) {
      refs.holdUnreferenced(hash);
      return Outcome.UNREFERENCED_HELD_FOR_GC;
    }
    return Outcome.NOTHING_TO_DO;
  }

  /**
   * Before GC deletes a block here: sends it to every node of its current placement that needs it.
   * Throws if one of them cannot be asked or served, so GC waits and tries again.
   */
  public int offload(Hash hash) throws IOException {
    if (!store.exists(hash)) {
      return 0;
    }
    Optional<LayoutHistory> history = layout.history();
    if (history.isEmpty()) {
      // A node that never received a layout knows no peer that could need the block.
      return 0;
    }
    NodeId self = layout.self();
    int sent = 0;
    Optional<DataBlock> block = Optional.empty();
    for (NodeId node : BlockPlacement.currentNodes(history.get(), hash)) {
      if (node.equals(self) || !client.needBlock(node, hash)) {
        continue;
      }
      if (block.isEmpty()) {
        block = store.read(hash);
        if (block.isEmpty()) {
          return sent;
        }
      }
      client.putStored(node, hash, block.get());
      sent++;
    }
    return sent;
  }

  private LayoutHistory history() throws IOException {
    return layout
        .history()
        .orElseThrow(() -> new IOException("this node has not received a cluster layout yet"));
  }
}
