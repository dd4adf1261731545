package dev.remise.table;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import java.util.Map;

/**
 * Garage's index counter ({@code model/index_counter.rs}, its {@code CountedItem}): how the entries
 * of a table are counted into a replicated counter table, without consensus. A schema lists its
 * counters in {@link TableSchema#counters()}; the table engine does the rest.
 *
 * <p>The protocol, run by the engine in the very transaction that changes an entry (so a count can
 * never miss or repeat a change, even across a crash): the difference {@code counts(new) −
 * counts(old)} is added to this node's local totals for the entry's counter (a local, never
 * replicated store), which are stamped {@code max(previous stamp + 1, now)}; then the counter-table
 * entry carrying only this node's new totals ({@link #nodeTotals}) is queued in the persistent
 * insert queue. The counter table merges per node, the newer stamp winning, so every replica of the
 * counter converges on each node's latest totals. How the nodes' totals combine into one count is
 * the reader's business (Garage: the maximum over the nodes that store the counted entries, since
 * every replica counts the same entries).
 *
 * <p>An entry that is absent counts nothing: a new entry counts {@code counts(new)}, an entry that
 * leaves the node (offload, table GC) takes {@code counts(old)} back.
 *
 * @param <E> the counted table's entries
 * @param <C> the counter table's entries
 */
public interface IndexCounter<E, C> {

  /** The replicated table the nodes' totals go to. */
  TableSchema<C> counterTable();

  /** The partition hash, in the counter table, of the counter {@code entry} counts toward. */
  Hash counterPartition(E entry);

  /** The sort key, in the counter table, of the counter {@code entry} counts toward. */
  byte[] counterSortKey(E entry);

  /** What one entry counts, by name; a name it counts nothing for may be left out. */
  Map<String, Long> counts(E entry);

  /**
   * The counter-table entry of the counter {@code entry} counts toward, holding only {@code node}'s
   * totals: what the engine queues after each change.
   */
  C nodeTotals(E entry, NodeId node, CounterValues totals);

  /** The local storage key of the counter {@code entry} counts toward. */
  default byte[] counterKey(E entry) {
    return TableKey.of(counterPartition(entry), counterSortKey(entry));
  }
}
