package dev.remise.model.counter;

import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.table.CounterValues;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An entry of a counter table (Garage's {@code CounterEntry}, P = {@code partition}, S = {@code
 * sortKey}): each node's latest totals for one counter, as that node's {@link
 * dev.remise.table.IndexCounter} published them.
 *
 * <p>The merge is a last-writer-wins register per node: of two totals of one node, the one with the
 * higher stamp wins whole. A node stamps its totals {@code max(previous + 1, now)}, so its stamps
 * strictly increase and two different totals of one node never share a stamp; should they anyway (a
 * node that lost its local store), equal stamps join value by value with the maximum, so the merge
 * stays commutative, associative and idempotent whatever the inputs. (Garage's merge keeps the old
 * stamp when it takes a newer value, which makes it order-dependent; garage-internals §9 point 13.)
 */
public record CounterEntry(Uuid partition, String sortKey, SortedMap<NodeId, CounterValues> nodes) {

  public CounterEntry {
    nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
  }

  /** The entry holding only {@code node}'s totals: what a node queues after counting a change. */
  public static CounterEntry of(Uuid partition, String sortKey, NodeId node, CounterValues totals) {
    TreeMap<NodeId, CounterValues> nodes = new TreeMap<>();
    nodes.put(node, totals);
    return new CounterEntry(partition, sortKey, nodes);
  }

  public CounterEntry merge(CounterEntry other) {
    TreeMap<NodeId, CounterValues> merged = new TreeMap<>(nodes);
    other.nodes.forEach((node, totals) -> merged.merge(node, totals, CounterEntry::mergeNode));
    return new CounterEntry(partition, sortKey, merged);
  }

  /** One node's register: the higher stamp wins; equal stamps join by the maximum per value. */
  static CounterValues mergeNode(CounterValues a, CounterValues b) {
    if (a.timestamp() != b.timestamp()) {
      return a.timestamp() > b.timestamp() ? a : b;
    }
    TreeMap<String, Long> values = new TreeMap<>(a.values());
    b.values().forEach((name, v) -> values.merge(name, v, Math::max));
    return new CounterValues(a.timestamp(), values);
  }

  /**
   * The counter's values as read through {@code storageNodes}, the nodes that hold the counted
   * entries (Garage's {@code filtered_values}): for each name, the <em>maximum</em> over those
   * nodes' totals. Every storage node of the counted entries holds, and so counts, all of them;
   * their totals differ only while one lags behind (a write not yet there, a new node still
   * syncing), and the most advanced is the best estimate. Summing would count each entry once per
   * replica. Totals of other nodes (a node that left the layout, whose stale totals stay in the
   * entry) are ignored; a name no listed node reports is absent.
   */
  public Map<String, Long> values(Collection<NodeId> storageNodes) {
    Set<NodeId> wanted = new HashSet<>(storageNodes);
    TreeMap<String, Long> values = new TreeMap<>();
    nodes.forEach(
        (node, totals) -> {
          if (wanted.contains(node)) {
            totals.values().forEach((name, v) -> values.merge(name, v, Math::max));
          }
        });
    return values;
  }

  /** Garage's tombstone: every node's every value is zero; table GC may then drop the entry. */
  public boolean isTombstone() {
    return nodes.values().stream()
        .allMatch(t -> t.values().values().stream().allMatch(v -> v == 0));
  }
}
