package dev.remise.metadata.table;

import dev.remise.table.InsertQueue;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.Slice;

/**
 * Garage's insert queue ({@code table/queue.rs}): the persistent, transactional outbox into which
 * {@code updated} hooks put derived writes for other tables (cascading deletions now, counters
 * later). Garage keeps one queue tree per target table; here one column family {@value #FAMILY}
 * serves every table of the node, keyed by {@code target table name ‖ 0x00 ‖ storage key} so each
 * target's entries stay contiguous and the first 0x00 splits the key unambiguously (table names
 * never contain it). Values are encoded entries of the target table.
 *
 * <p>Queuing an entry whose key is already queued merges the two with the target's schema, so a
 * burst of changes to one entry is delivered once. {@link InsertQueueWorker} delivers entries and
 * then removes each only if it is still byte-identical to what was delivered: anything merged in
 * meanwhile stays queued for the next round.
 */
public final class PersistentInsertQueue {
  public static final String FAMILY = "insert_queue";

  private static final byte SEPARATOR = 0;

  private final MetadataStore store;
  private final ColumnFamilyHandle family;

  /**
   * Entries queued per target table, counted once at open and then maintained after each commit, so
   * the gauge and status never scan the database (and still answer after it is closed).
   */
  private final ConcurrentMap<String, AtomicLong> lengths = new ConcurrentHashMap<>();

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public PersistentInsertQueue(MetadataStore store) {
    this.store = store;
    this.family = store.family(FAMILY);
    try (ReadOptions options = new ReadOptions()) {
      store.scan(
          family,
          options,
          it -> {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              counter(targetOf(it.key())).incrementAndGet();
            }
            return null;
          });
    }
  }

  /**
   * Calls {@code listener} after every commit that queued something; the insert queue worker's
   * runner wakes on it.
   */
  public void onQueued(Runnable listener) {
    listeners.add(listener);
  }

  /** Entries queued for {@code target}. */
  public long length(String target) {
    AtomicLong n = lengths.get(target);
    return n == null ? 0 : n.get();
  }

  /** Entries queued for all targets. */
  public long length() {
    return lengths.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** The queue as seen by the {@code updated} hooks of the transaction {@code tx}. */
  InsertQueue in(StoreTransaction tx) {
    return new InsertQueue() {
      private boolean notifies;

      @Override
      public <F> void queueInsert(TableSchema<F> table, F entry) {
        String target = table.tableName();
        byte[] key = queueKey(target, table.storageKey(entry));
        byte[] queued = tx.getForUpdate(family, key);
        F merged = queued == null ? entry : table.merge(decodeQueued(table, queued), entry);
        byte[] encoded = table.encode(merged);
        if (Arrays.equals(queued, encoded)) {
          return; // Already queued as is: nothing new to deliver.
        }
        tx.put(family, key, encoded);
        if (queued == null) {
          tx.afterCommit(() -> counter(target).incrementAndGet());
        }
        if (!notifies) {
          notifies = true;
          tx.afterCommit(() -> listeners.forEach(Runnable::run));
        }
      }
    };
  }

  /**
   * The target tables that currently have queued entries, in name order; one seek per target, as
   * the keys of a target are contiguous.
   */
  List<String> targets() {
    try (ReadOptions options = new ReadOptions()) {
      return store.scan(
          family,
          options,
          it -> {
            List<String> targets = new ArrayList<>();
            for (it.seekToFirst(); it.isValid(); ) {
              String target = targetOf(it.key());
              targets.add(target);
              // name ‖ 0x01 sorts after every key name ‖ 0x00 ‖ ... of this target.
              byte[] next = targetPrefix(target);
              next[next.length - 1] = SEPARATOR + 1;
              it.seek(next);
            }
            return targets;
          });
    }
  }

  /** Up to {@code max} entries queued for {@code target}, in key order. */
  List<QueuedEntry> peek(String target, int max) {
    byte[] prefix = targetPrefix(target);
    try (Slice lower = new Slice(prefix);
        Slice upper = new Slice(LocalTable.successor(prefix));
        ReadOptions options =
            new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper)) {
      return store.scan(
          family,
          options,
          it -> {
            List<QueuedEntry> batch = new ArrayList<>();
            for (it.seekToFirst(); it.isValid() && batch.size() < max; it.next()) {
              batch.add(new QueuedEntry(target, it.key(), it.value()));
            }
            return batch;
          });
    }
  }

  /**
   * Removes the delivered entries that are still exactly as delivered, in one transaction; an entry
   * merged with a newer change meanwhile stays queued. Returns how many were removed.
   */
  int removeIfUnchanged(List<QueuedEntry> delivered) {
    return store.transact(
        tx -> {
          int removed = 0;
          for (QueuedEntry e : delivered) {
            if (Arrays.equals(tx.getForUpdate(family, e.key()), e.value())) {
              tx.delete(family, e.key());
              tx.afterCommit(() -> counter(e.target()).decrementAndGet());
              removed++;
            }
          }
          return removed;
        });
  }

  private AtomicLong counter(String target) {
    return lengths.computeIfAbsent(target, t -> new AtomicLong());
  }

  private static byte[] targetPrefix(String target) {
    byte[] name = target.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = Arrays.copyOf(name, name.length + 1);
    prefix[name.length] = SEPARATOR;
    return prefix;
  }

  private static byte[] queueKey(String target, byte[] storageKey) {
    byte[] prefix = targetPrefix(target);
    byte[] key = Arrays.copyOf(prefix, prefix.length + storageKey.length);
    System.arraycopy(storageKey, 0, key, prefix.length, storageKey.length);
    return key;
  }

  private static String targetOf(byte[] queueKey) {
    for (int i = 0; i < queueKey.length; i++) {
      if (queueKey[i] == SEPARATOR) {
        return new String(queueKey, 0, i, StandardCharsets.UTF_8);
      }
    }
    throw new StorageException("insert queue key without a table name", null);
  }

  private static <F> F decodeQueued(TableSchema<F> table, byte[] queued) {
    try {
      return table.decode(queued);
    } catch (MalformedEntryException e) {
      throw new StorageException("corrupt insert queue entry for table " + table.tableName(), e);
    }
  }
}
