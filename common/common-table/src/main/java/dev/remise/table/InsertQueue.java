package dev.remise.table;

/**
 * The transactional outbox of Garage's tables: an {@code updated} hook queues derived entries here,
 * in the same local transaction as the change that caused them; a worker later inserts them with
 * normal quorum writes. Entries with the same key are merged in the queue, and every replica may
 * queue the same derived write: merges are idempotent, so that is harmless.
 */
public interface InsertQueue {
  <F> void queueInsert(TableSchema<F> table, F entry);
}
