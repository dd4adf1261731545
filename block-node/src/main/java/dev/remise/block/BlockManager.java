package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.model.s3.BlockRef;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * The block node's operations (Garage's BlockManager): writing and reading verified blocks and
 * merging block_ref entries, keeping the disk, the reference counts and GC consistent. The RPC
 * controller is a thin shell over this class; resync and scrub will be further callers.
 */
public final class BlockManager {
  private final BlockStore store;
  private final BlockRefStore refs;
  private final BlockMetrics metrics;
  private final Runnable wakeGc;

  /**
   * @param wakeGc tells the GC worker a block became deletable, so a short delay is honoured
   *     without waiting for its idle interval.
   */
  public BlockManager(BlockStore store, BlockRefStore refs, BlockMetrics metrics, Runnable wakeGc) {
    this.store = store;
    this.refs = refs;
    this.metrics = metrics;
    this.wakeGc = wakeGc;
  }

  /**
   * Stores a block (idempotent). Throws {@link IllegalArgumentException} if {@code data} does not
   * hash to {@code hash}.
   */
  public void putBlock(Hash hash, byte[] data) throws IOException, RocksDBException {
    BlockStore.verify(hash, data);
    // The count row first, then the file: GC deletes a file only under that row's lock and after
    // its deadline, so the deadline set here protects the file written next (BlockRefStore).
    if (refs.holdUnreferenced(hash)) {
      wakeGc.run();
    }
    if (store.writeVerified(hash, data)) {
      metrics.written(data.length);
    }
  }

  /** The verified block, or empty if this node does not hold it. */
  public Optional<byte[]> readBlock(Hash hash) throws IOException {
    Optional<byte[]> data;
    try {
      data = store.read(hash);
    } catch (CorruptBlockException e) {
      // Garage also queues the block for resync here; that arrives with the resync worker.
      metrics.corrupted();
      throw e;
    }
    data.ifPresent(d -> metrics.read(d.length));
    return data;
  }

  /** Merges block_ref entries and the reference counts they imply. */
  public void insertRefs(List<BlockRef> entries) throws RocksDBException {
    if (refs.insert(entries) > 0) {
      wakeGc.run();
    }
  }
}
