package dev.remise.metadata.table;

import dev.remise.core.background.Worker;

/**
 * Garage's {@code MerkleWorker} ({@code table/merkle.rs}), one for all the tables of the node:
 * folds the Merkle todo items that changes left into each table's tries, up to {@value #STEP} items
 * per table per step, each item in its own transaction. Woken after every commit that left an item,
 * and run every idle interval (60 s) otherwise; busy while it makes progress.
 *
 * <p>Crash-safe by construction: the todo item is written with the change and removed with its trie
 * update, so whatever a crash interrupts is found again at the next start.
 */
public final class MerkleUpdater implements Worker {
  /** Items per table per step, Garage's batch. */
  static final int STEP = 100;

  private final Tables tables;

  public MerkleUpdater(Tables tables) {
    this.tables = tables;
  }

  @Override
  public String name() {
    return "merkle updater";
  }

  @Override
  public WorkerState work() {
    int processed = 0;
    for (LocalTable<?> table : tables.all()) {
      processed += table.merkle().update(STEP);
    }
    return processed > 0 ? WorkerState.BUSY : WorkerState.IDLE;
  }

  /** Applies every todo item of every table now: tests, and callers that need settled roots. */
  public void drain() {
    while (work() == WorkerState.BUSY) {
      // Each round applies a bounded batch per table; stop at the first round with nothing left.
    }
  }

  @Override
  public String status() {
    long pending = tables.all().stream().filter(t -> t.merkle().hasTodo()).count();
    return pending == 0 ? "up to date" : pending + " tables with changes to apply";
  }
}
