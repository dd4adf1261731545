package dev.remise.model;

import dev.remise.table.InsertQueue;
import dev.remise.table.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** An insert queue that only remembers what an {@code updated} hook queued, in order. */
public final class RecordingInsertQueue implements InsertQueue {
  private record Queued(TableSchema<?> table, Object entry) {}

  private final List<Queued> queued = new ArrayList<>();

  @Override
  public <F> void queueInsert(TableSchema<F> table, F entry) {
    queued.add(new Queued(table, entry));
  }

  public boolean isEmpty() {
    return queued.isEmpty();
  }

  /** Names of the tables written to, in queue order. */
  public List<String> tables() {
    return queued.stream().map(q -> q.table().tableName()).toList();
  }

  /**
   * What was queued for {@code table}, encoded as hex, so entries compare by what the queue would
   * store.
   */
  @SuppressWarnings("unchecked")
  public <F> List<String> queuedFor(TableSchema<F> table) {
    return queued.stream()
        .filter(q -> q.table() == table)
        .map(q -> CrdtLaws.hex(table, (F) q.entry()))
        .toList();
  }
}
