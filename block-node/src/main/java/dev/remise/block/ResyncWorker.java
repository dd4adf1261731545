package dev.remise.block;

import dev.remise.block.ResyncQueue.Entry;
import dev.remise.block.ResyncQueue.ErrorRecord;
import dev.remise.core.Hash;
import dev.remise.core.background.Worker;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the resync workers (Garage's {@code ResyncWorker}): takes the earliest due block of the
 * {@link ResyncQueue}, skips it until its error backoff has passed, runs {@link BlockResync#resync}
 * and on failure counts the error and requeues the block at its backoff time.
 *
 * <p>Several workers share the queue and a busy set, so two never take the same block; {@link
 * ResyncTunables} says how many are active (the others stay idle) and how much each rests between
 * blocks: {@code tranquility × the duration of the last block}, so resync uses a bounded share of
 * the disk and network while clients are served.
 */
public final class ResyncWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(ResyncWorker.class);
  private static final int PEEK = 16;

  private final int index;
  private final ResyncQueue queue;
  private final BlockResync resync;
  private final ResyncTunables tunables;
  private final InstantSource clock;
  private final Set<Hash> busy;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * @param index this worker's number, from 0; it works only while below the worker count
   * @param busy the blocks being handled, shared by all workers of one queue
   */
  public ResyncWorker(
      int index,
      ResyncQueue queue,
      BlockResync resync,
      ResyncTunables tunables,
      InstantSource clock,
      Set<Hash> busy) {
    this.index = index;
    this.queue = queue;
    this.resync = resync;
    this.tunables = tunables;
    this.clock = clock;
    this.busy = busy;
  }

  /** A busy set for the workers of one queue. */
  public static Set<Hash> newBusySet() {
    return ConcurrentHashMap.newKeySet();
  }

  @Override
  public String name() {
    return "block resync worker #" + (index + 1);
  }

  @Override
  public WorkerState work() throws Exception {
    if (index >= tunables.workerCount()) {
      return WorkerState.IDLE;
    }
    long now = clock.millis();
    Optional<Entry> taken = take(now);
    if (taken.isEmpty()) {
      return WorkerState.IDLE;
    }
    Entry entry = taken.get();
    try {
      queue.remove(entry);
      Optional<ErrorRecord> error = queue.error(entry.hash());
      if (error.isPresent() && now < error.get().nextTry()) {
        queue.schedule(entry.hash(), error.get().nextTry());
        return WorkerState.BUSY;
      }
      long started = System.nanoTime();
      try {
        resync.resync(entry.hash());
        queue.clearError(entry.hash());
        done.incrementAndGet();
      } catch (Exception e) {
        ErrorRecord r = queue.recordFailure(entry.hash(), now);
        queue.schedule(entry.hash(), r.nextTry());
        failed.incrementAndGet();
        LOG.warn(
            "resync of block {} failed ({} in a row, next try in {} s): {}",
            entry.hash(),
            r.failures(),
            (r.nextTry() - now) / 1000,
            e.toString());
      }
      rest(System.nanoTime() - started);
    } finally {
      busy.remove(entry.hash());
    }
    return WorkerState.BUSY;
  }

  /** The earliest due entry no other worker holds, marked busy. */
  private Optional<Entry> take(long now) throws Exception {
    List<Entry> head = queue.peek(PEEK);
    for (Entry e : head) {
      if (e.atMillis() > now) {
        break;
      }
      if (busy.add(e.hash())) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private void rest(long elapsedNanos) throws InterruptedException {
    long pauseNanos = elapsedNanos * tunables.tranquility();
    if (pauseNanos > 0) {
      Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
    }
  }

  @Override
  public String status() {
    return "%d blocks resynced, %d failures; queue ~%d, %d in error"
        .formatted(done.get(), failed.get(), queue.estimatedLength(), queue.estimatedErrors());
  }
}
