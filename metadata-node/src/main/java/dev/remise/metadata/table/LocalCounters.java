package dev.remise.metadata.table;

import dev.remise.core.NodeId;
import dev.remise.table.CounterValues;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.IndexCounter;
import dev.remise.table.InsertQueue;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rocksdb.ColumnFamilyHandle;

/**
 * The local half of Garage's index counters ({@code model/index_counter.rs}, tree {@code
 * local_counter_v2:<table>}): this node's own totals of every counter, never replicated, and the
 * step that keeps them, run by {@link LocalTable} inside the transaction of each entry change (see
 * {@link IndexCounter} for the protocol).
 *
 * <p>One column family {@value #FAMILY} serves every counter table, keyed like the insert queue by
 * {@code counter table name ‖ 0x00 ‖ counter storage key}; a value is the stamp then the totals
 * ({@link CounterValues#write}). The totals are read with {@code getForUpdate}, so two concurrent
 * changes of one bucket's objects conflict and one is re-run on the other's totals: no increment is
 * lost.
 */
public final class LocalCounters {
  public static final String FAMILY = "local_counter";

  private static final byte SEPARATOR = 0;

  private final ColumnFamilyHandle family;
  private final MetadataStore store;
  private final NodeId self;
  private final InstantSource clock;

  /**
   * @param self the id this node's totals are published under: its node id in the layout, since
   *     readers keep the totals of the layout's storage nodes only
   * @param clock stamps the totals
   */
  public LocalCounters(MetadataStore store, NodeId self, InstantSource clock) {
    this.store = store;
    this.family = store.family(FAMILY);
    this.self = self;
    this.clock = clock;
  }

  public NodeId self() {
    return self;
  }

  /**
   * Counts the change of one entry of {@code schema} from {@code old} to {@code updated} (either
   * may be null: absent) in every counter the schema declares: adds the difference to this node's
   * totals and queues them, stamped past the previous ones, to the counter table. A change that
   * moves no count writes and queues nothing.
   */
  <E> void count(StoreTransaction tx, TableSchema<E> schema, E old, E updated, InsertQueue queue) {
    for (IndexCounter<E, ?> counter : schema.counters()) {
      count(tx, counter, old, updated, queue);
    }
  }

  private <E, C> void count(
      StoreTransaction tx, IndexCounter<E, C> counter, E old, E updated, InsertQueue queue) {
    E any = updated != null ? updated : old;
    if (any == null) {
      return;
    }
    Map<String, Long> before = old == null ? Map.of() : counter.counts(old);
    Map<String, Long> after = updated == null ? Map.of() : counter.counts(updated);
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    TreeMap<String, Long> deltas = new TreeMap<>();
    for (String name : names) {
      deltas.put(name, after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L));
    }
    if (deltas.values().stream().allMatch(d -> d == 0)) {
      return;
    }
    String table = counter.counterTable().tableName();
    byte[] key = key(table, counter.counterKey(any));
    byte[] stored = tx.getForUpdate(family, key);
    CounterValues previous = stored == null ? null : decode(table, stored);
    TreeMap<String, Long> values =
        previous == null ? new TreeMap<>() : new TreeMap<>(previous.values());
    // Zero deltas too: the totals name everything the counter counts, as Garage's do.
    deltas.forEach((name, delta) -> values.merge(name, delta, Long::sum));
    long stamp = Math.max(previous == null ? 0 : previous.timestamp() + 1, clock.millis());
    CounterValues totals = new CounterValues(stamp, values);
    tx.put(family, key, encode(totals));
    queue.queueInsert(counter.counterTable(), counter.nodeTotals(any, self, totals));
  }

  /** This node's totals of the counter at {@code counterKey} (a counter table storage key). */
  public Optional<CounterValues> get(TableSchema<?> counterTable, byte[] counterKey) {
    String table = counterTable.tableName();
    byte[] stored = store.get(family, key(table, counterKey));
    return stored == null ? Optional.empty() : Optional.of(decode(table, stored));
  }

  private static byte[] key(String table, byte[] counterKey) {
    byte[] name = table.getBytes(StandardCharsets.UTF_8);
    byte[] key = Arrays.copyOf(name, name.length + 1 + counterKey.length);
    key[name.length] = SEPARATOR;
    System.arraycopy(counterKey, 0, key, name.length + 1, counterKey.length);
    return key;
  }

  private static byte[] encode(CounterValues totals) {
    EntryWriter w = new EntryWriter();
    totals.write(w);
    return w.toByteArray();
  }

  private static CounterValues decode(String table, byte[] stored) {
    try {
      EntryReader r = new EntryReader(stored);
      CounterValues totals = CounterValues.read(r);
      r.expectEnd();
      return totals;
    } catch (MalformedEntryException e) {
      throw new StorageException("corrupt local counter of table " + table, e);
    }
  }
}
