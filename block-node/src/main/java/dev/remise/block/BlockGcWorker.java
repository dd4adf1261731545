package dev.remise.block;

import dev.remise.block.BlockRefStore.DueBlock;
import dev.remise.core.background.Worker;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deferred block deletion (the deleting half of Garage's resync for blocks whose count reached
 * zero): takes GC queue entries whose deadline has passed, and for each one, under the count's row
 * lock, checks that the block is still unreferenced and deletes the file and the count. A block
 * referenced again meanwhile is kept.
 *
 * <p>Unlike Garage, the block is not first offered to the other nodes of its partition: with no
 * layout yet, a zero count means the cluster no longer needs it. That offload step belongs here
 * when the layout arrives.
 */
public final class BlockGcWorker implements Worker {
  private static final int BATCH = 64;

  private final BlockRefStore refs;
  private final BlockStore store;
  private final BlockMetrics metrics;
  private final InstantSource clock;
  private final AtomicLong collected = new AtomicLong();

  public BlockGcWorker(
      BlockRefStore refs, BlockStore store, BlockMetrics metrics, InstantSource clock) {
    this.refs = refs;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "block GC";
  }

  @Override
  public WorkerState work() throws Exception {
    List<DueBlock> due = refs.dueForDeletion(clock.millis(), BATCH);
    for (DueBlock d : due) {
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
    return refs.pendingDeletion() + " blocks pending deletion, " + collected + " collected";
  }
}
