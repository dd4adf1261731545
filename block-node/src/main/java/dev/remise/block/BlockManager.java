package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.datablock.CorruptBlockDataException;
import dev.remise.datablock.DataBlock;
import dev.remise.model.s3.BlockRef;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * The block node's operations (Garage's BlockManager): writing and reading verified blocks and
 * merging block_ref entries, keeping the disk, the reference counts, GC and resync consistent. The
 * RPC controller is a thin shell over this class.
 *
 * <p>Resync is told about every block this node should have and may lack: one that becomes
 * referenced while its data is absent (checked after {@code checkDelay} when the reference came
 * from an upload, whose block write may still be on its way; at once when it came from a peer's
 * anti-entropy), one that is read but missing, one found corrupt.
 */
public final class BlockManager {
  private final BlockStore store;
  private final BlockRefStore refs;
  private final ResyncQueue resync;
  private final BlockMetrics metrics;
  private final InstantSource clock;
  private final long checkDelayMillis;
  private final Runnable wakeGc;
  private final Runnable wakeResync;

  /**
   * @param checkDelay how long after an upload's reference resync checks that the block arrived
   *     (Garage: twice the RPC timeout, 10 minutes)
   * @param wakeGc tells the GC worker a block became deletable, so a short delay is honoured
   *     without waiting for its idle interval
   * @param wakeResync tells the resync workers a block is due now
   */
  public BlockManager(
      BlockStore store,
      BlockRefStore refs,
      ResyncQueue resync,
      BlockMetrics metrics,
      InstantSource clock,
      Duration checkDelay,
      Runnable wakeGc,
      Runnable wakeResync) {
    this.store = store;
    this.refs = refs;
    this.resync = resync;
    this.metrics = metrics;
    this.clock = clock;
    this.checkDelayMillis = checkDelay.toMillis();
    this.wakeGc = wakeGc;
    this.wakeResync = wakeResync;
  }

  /**
   * Stores a block received from a gateway or a peer (idempotent), after checking in full that it
   * decodes to data hashing to {@code hash}.
   *
   * @throws IllegalArgumentException if it does not
   */
  public void putBlock(Hash hash, DataBlock block) throws IOException, RocksDBException {
    try {
      block.verify(hash);
    } catch (CorruptBlockDataException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    // The count row first, then the file: GC deletes a file only under that row's lock and after
    // its deadline, so the deadline set here protects the file written next (BlockRefStore).
    if (refs.holdUnreferenced(hash)) {
      wakeGc.run();
    }
    if (store.write(hash, block)) {
      metrics.written(block.storedLength());
    }
  }

  /**
   * The verified block in its stored form, or empty if this node does not hold it. A missing block
   * this node references, or a corrupt one, is queued for resync at once.
   */
  public Optional<DataBlock> readBlock(Hash hash) throws IOException, RocksDBException {
    Optional<DataBlock> block;
    try {
      block = store.read(hash);
    } catch (CorruptBlockException e) {
      metrics.corrupted();
      resyncNow(hash);
      throw e;
    }
    if (block.isEmpty()) {
      if (refs.rc(hash).isNeeded(clock.millis())) {
        resyncNow(hash);
      }
      return block;
    }
    metrics.read(block.get().storedLength());
    return block;
  }

  /** Merges block_ref entries from an upload or a cascade, and the counts they imply. */
  public void insertRefs(List<BlockRef> entries) throws RocksDBException {
    merge(entries, checkDelayMillis);
  }

  /**
   * Merges block_ref entries from a peer's anti-entropy or offload: a block they make this node
   * reference and that it lacks is fetched at once, since no upload of it is in flight.
   */
  public void syncRefs(List<BlockRef> entries) throws RocksDBException {
    merge(entries, 0);
  }

  /** Garage's NeedBlockQuery: referenced (or recently so) here, and the data is missing. */
  public boolean needs(Hash hash) throws RocksDBException {
    return refs.rc(hash).isNeeded(clock.millis()) && !store.exists(hash);
  }

  /** Queues a block for resync now, e.g. after a scrub found it corrupt. */
  public void resyncNow(Hash hash) throws RocksDBException {
    resync.schedule(hash, clock.millis());
    wakeResync.run();
  }

  private void merge(List<BlockRef> entries, long resyncDelayMillis) throws RocksDBException {
    boolean[] due = {false};
    RocksDBException[] failed = {null};
    int deletable =
        refs.insert(
            entries,
            hash -> {
              if (failed[0] != null || store.exists(hash)) {
                return;
              }
              try {
                resync.schedule(hash, clock.millis() + resyncDelayMillis);
                due[0] |= resyncDelayMillis == 0;
              } catch (RocksDBException e) {
                failed[0] = e;
              }
            });
    if (failed[0] != null) {
      throw failed[0];
    }
    if (deletable > 0) {
      wakeGc.run();
    }
    if (due[0]) {
      wakeResync.run();
    }
  }
}
