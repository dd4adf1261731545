package dev.remise.metadata.table;

import dev.remise.core.background.Worker;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.rpc.TableClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Garage's {@code InsertQueueWorker} ({@code table/queue.rs}): delivers the derived writes that
 * {@code updated} hooks queued, then removes from the queue the entries that were not changed
 * meanwhile. One step takes up to {@value #BATCH_SIZE} entries of each target table, so a target
 * whose nodes are down does not hold up the others.
 *
 * <p>Delivery is at least once: a crash between delivery and removal delivers again, which the CRDT
 * merge makes harmless. A failed target keeps its entries and the step fails, so the {@link
 * dev.remise.core.background.WorkerRunner} retries it with its error back-off.
 */
public final class InsertQueueWorker implements Worker {
  static final int BATCH_SIZE = 1024;

  private final PersistentInsertQueue queue;
  private final Tables tables;
  private final TableClient tableClient;
  private final BlockRefSink blockRefs;

  public InsertQueueWorker(
      PersistentInsertQueue queue, Tables tables, TableClient tableClient, BlockRefSink blockRefs) {
    this.queue = queue;
    this.tables = tables;
    this.tableClient = tableClient;
    this.blockRefs = blockRefs;
  }

  @Override
  public String name() {
    return "insert queue";
  }

  @Override
  public WorkerState work() {
    boolean delivered = false;
    List<RuntimeException> failures = new ArrayList<>();
    for (String target : queue.targets()) {
      List<QueuedEntry> batch = queue.peek(target, BATCH_SIZE);
      try {
        deliver(target, batch);
      } catch (RuntimeException e) {
        failures.add(new InsertQueueDeliveryException(target, batch.size(), e));
        continue;
      }
      queue.removeIfUnchanged(batch);
      delivered = true;
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.getFirst();
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
    // Busy after progress: look again at once, for what the deliveries cascaded into and for
    // whatever was beyond this batch. The next empty look goes idle.
    return delivered ? WorkerState.BUSY : WorkerState.IDLE;
  }

  private void deliver(String target, List<QueuedEntry> batch) {
    List<byte[]> entries = batch.stream().map(QueuedEntry::value).toList();
    Optional<LocalTable<?>> local = tables.find(target);
    if (local.isPresent()) {
      // A quorum write like any other: one message per node of the entries' write sets, this
      // node included.
      tableClient.insertEncoded(local.get().schema(), entries);
    } else if (target.equals(BlockRefTable.INSTANCE.tableName())) {
      blockRefs.insertBlockRefs(entries);
    } else {
      throw new IllegalStateException("no route for writes to table " + target);
    }
  }

  @Override
  public String status() {
    return queue.length() + " queued";
  }

  /** Delivery of one target's batch failed; the entries stay queued. */
  static final class InsertQueueDeliveryException extends RuntimeException {
    InsertQueueDeliveryException(String target, int entries, RuntimeException cause) {
      super(
          "delivering " + entries + " queued entries to table " + target + " failed: " + cause,
          cause);
    }
  }
}
