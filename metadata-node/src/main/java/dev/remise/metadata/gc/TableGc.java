package dev.remise.metadata.gc;

import dev.remise.core.Blake2;
import dev.remise.core.NodeId;
import dev.remise.core.background.Worker;
import dev.remise.layout.LayoutHistory;
import dev.remise.metadata.table.GcTodoList;
import dev.remise.metadata.table.GcTodoList.Candidate;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.Tables;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.rpc.GcRpc;
import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Table GC (Garage's {@code gc.rs}, garage-internals §3.8): removes tombstones once every replica
 * holds them, so a replica that missed the delete can never bring the old value back by sync.
 *
 * <p>Each replica records its tombstones ({@link GcTodoList}); once one is older than the delay,
 * the node that leads its partition (the smallest id among the storage nodes of every active layout
 * version) collects it: if the stored entry is still that tombstone, it (1) sends the tombstone to
 * every other storage node, (2) asks them all to delete it if it is still the same bytes, and (3)
 * deletes it locally under the same condition. All replicas must answer both phases; any failure
 * leaves the tombstone for a later step, so a dead replica blocks collection by design. Other
 * replicas drop their todo entries, as do nodes no longer holding the partition (offload moves
 * their data).
 *
 * <p>The delay (24 h by default, as Garage) is a synchrony assumption: it covers a node that still
 * has to offload old data after a layout change and is in no storage set meanwhile.
 */
public final class TableGc implements Worker {
  static final int BATCH_SIZE = 1024;

  private final Tables tables;
  private final NodeId self;
  private final Supplier<Optional<LayoutHistory>> history;
  private final Function<NodeId, Optional<URI>> addresses;
  private final TableRpc tableRpc;
  private final GcRpc gcRpc;
  private final InstantSource clock;
  private final Duration delay;

  public TableGc(
      Tables tables,
      NodeId self,
      Supplier<Optional<LayoutHistory>> history,
      Function<NodeId, Optional<URI>> addresses,
      TableRpc tableRpc,
      GcRpc gcRpc,
      InstantSource clock,
      Duration delay) {
    this.tables = tables;
    this.self = self;
    this.history = history;
    this.addresses = addresses;
    this.tableRpc = tableRpc;
    this.gcRpc = gcRpc;
    this.clock = clock;
    this.delay = delay;
  }

  @Override
  public String name() {
    return "table gc";
  }

  @Override
  public WorkerState work() {
    Optional<LayoutHistory> h = history.get();
    if (h.isEmpty()) {
      return WorkerState.IDLE;
    }
    // Storage nodes of every active version: a node being added already holds (or will receive)
    // the partition and must drop the tombstone too.
    LayoutView view = LayoutView.of(h.get(), ConsistencyMode.CONSISTENT);
    long until = clock.millis() - delay.toMillis();
    boolean more = false;
    List<RuntimeException> failures = new ArrayList<>();
    for (LocalTable<?> table : tables.all()) {
      GcTodoList todo = table.gcTodo();
      List<Candidate> due = todo.due(until, BATCH_SIZE);
      more |= due.size() == BATCH_SIZE;
      try {
        collect(table, todo, due, view);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.getFirst();
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
    return more ? WorkerState.BUSY : WorkerState.IDLE;
  }

  /** A candidate still stored as recorded, with its bytes. */
  private record Live(Candidate candidate, byte[] tombstone) {}

  private void collect(LocalTable<?> table, GcTodoList todo, List<Candidate> due, LayoutView view) {
    Map<Set<NodeId>, List<Live>> byOthers = new LinkedHashMap<>();
    for (Candidate c : due) {
      byte[] stored = table.getEncodedByKey(c.storageKey());
      if (stored == null || !Blake2.sum(stored).equals(c.hash())) {
        todo.remove(c); // superseded by a newer write, or already collected
        continue;
      }
      List<NodeId> nodes =
          table.replication().storageNodes(view, table.partitionOfKey(c.storageKey()));
      if (!nodes.contains(self)
          || !nodes.stream().min(Comparator.naturalOrder()).orElseThrow().equals(self)) {
        todo.remove(c); // the leader collects it; offload moves what this node no longer holds
        continue;
      }
      Set<NodeId> others = new TreeSet<>(nodes);
      others.remove(self);
      byOthers.computeIfAbsent(others, o -> new ArrayList<>()).add(new Live(c, stored));
    }
    RuntimeException failed = null;
    for (Map.Entry<Set<NodeId>, List<Live>> group : byOthers.entrySet()) {
      try {
        collectGroup(table, todo, group.getKey(), group.getValue());
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = new TableGcException(table.name(), group.getValue().size(), e);
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private void collectGroup(
      LocalTable<?> table, GcTodoList todo, Set<NodeId> others, List<Live> items) {
    List<byte[]> tombstones = new ArrayList<>(items.size());
    List<GcRpc.Item> deletions = new ArrayList<>(items.size());
    for (Live l : items) {
      tombstones.add(l.tombstone());
      deletions.add(new GcRpc.Item(l.candidate().storageKey(), l.candidate().hash()));
    }
    List<URI> targets = new ArrayList<>();
    for (NodeId node : others) {
      targets.add(
          addresses
              .apply(node)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no known address for the metadata role of node " + node.hex())));
    }
    byte[] tombstoneBatch = EntryBatch.encode(tombstones);
    targets.forEach(uri -> tableRpc.insert(uri, table.name(), tombstoneBatch));
    byte[] deletionBatch = GcRpc.Item.encode(deletions);
    targets.forEach(uri -> gcRpc.deleteIfEqualHash(uri, table.name(), deletionBatch));
    for (Live l : items) {
      table.deleteIfEqualHash(l.candidate().storageKey(), l.candidate().hash());
      todo.remove(l.candidate());
    }
  }

  @Override
  public String status() {
    int waiting = tables.all().stream().mapToInt(t -> t.gcTodo().size()).sum();
    return waiting + " tombstones recorded";
  }

  /** Collecting a group of tombstones failed; they stay recorded for a later step. */
  static final class TableGcException extends RuntimeException {
    TableGcException(String table, int tombstones, RuntimeException cause) {
      super(
          "collecting " + tombstones + " tombstones of table " + table + " failed: " + cause,
          cause);
    }
  }
}
