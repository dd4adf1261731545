package dev.remise.block;

import dev.remise.block.BlockRefStore.DueBlock;
import dev.remise.core.Hash;
import dev.remise.core.background.Worker;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred block deletion (the deleting half of Garage's resync for blocks whose count reached
 * zero): takes GC queue entries whose deadline has passed, and for each one, under the count's row
 * lock, checks that the block is still unreferenced and deletes the file and the count. A block
 * referenced again meanwhile is kept.
 *
 * <p>Before a block goes, it is offered to the nodes of its current placement ({@link Offload}):
 * after a layout change this node's count falls to zero while the new holders may still lack the
 * data. If one of them cannot be served now, the deletion waits a minute and tries again.
 */
public final class BlockGcWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(BlockGcWorker.class);
  private static final int BATCH = 64;
  private static final long OFFLOAD_RETRY_MILLIS = 60_000;

  /** Hands a block about to be deleted to the nodes that still need it. */
  @FunctionalInterface
  public interface Offload {
    /** Throws if a node that needs the block could not be asked or served. */
    void offload(Hash hash) throws Exception;

    Offload NONE = hash -> {};
  }

  private final BlockRefStore refs;
  private final BlockStore store;
  private final BlockMetrics metrics;
  private final InstantSource clock;
  private final Offload offload;
  private final AtomicLong collected = new AtomicLong();
  private final AtomicLong postponed = new AtomicLong();

  public BlockGcWorker(
      BlockRefStore refs, BlockStore store, BlockMetrics metrics, InstantSource clock) {
    this(refs, store, metrics, clock, Offload.NONE);
  }

  public BlockGcWorker(
      BlockRefStore refs,
      BlockStore store,
      BlockMetrics metrics,
      InstantSource clock,
      Offload offload) {
    this.refs = refs;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
    this.offload = offload;
  }

  @Override
  public String name() {
    return "block GC";
  }

  @Override
  public WorkerState work() throws Exception {
    List<DueBlock> due = refs.dueForDeletion(clock.millis(), BATCH);
    for (DueBlock d : due) {
      if (refs.rc(d.hash()) instanceof RcEntry.Deletable del && del.atMillis() <= clock.millis()) {
        try {
          offload.offload(d.hash());
        } catch (Exception e) {
          refs.postpone(d, clock.millis() + OFFLOAD_RETRY_MILLIS);
          postponed.incrementAndGet();
          LOG.warn("block {} kept for now: handing it over failed: {}", d.hash(), e.toString());
          continue;
        }
      }
      boolean deleted =
          refs.collect(
              d,
              hash -> {
                if (store.delete(hash)) {
                  metrics.deleted();
                }
              });
      if (deleted) {
        collected.incrementAndGet();
      }
    }
    return due.size() == BATCH ? WorkerState.BUSY : WorkerState.IDLE;
  }

  @Override
  public String status() {
    return refs.pendingDeletion()
        + " blocks pending deletion, "
        + collected
        + " collected, "
        + postponed
        + " postponed to hand them over";
  }
}
