package dev.remise.metadata.sync;

import dev.remise.core.NodeId;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.MerkleUpdater;
import dev.remise.metadata.table.MetadataStore;
import dev.remise.metadata.table.PersistentInsertQueue;
import dev.remise.metadata.table.StoredEntry;
import dev.remise.metadata.table.Tables;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.table.TableSchema;
import dev.remise.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Several metadata nodes in one process, each with its own RocksDB store, Merkle updater and table
 * syncer, talking through an {@link InMemorySyncNetwork} and sharing one layout history and clock.
 */
final class SyncCluster implements AutoCloseable {
  static final List<TableSchema<?>> SCHEMAS = List.of(ObjectTable.INSTANCE, KeyTable.INSTANCE);
  static final TableSyncer.Schedule SCHEDULE =
      new TableSyncer.Schedule(Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO);

  final MutableClock clock = MutableClock.at(1_700_000_000_000L);
  final InMemorySyncNetwork network = new InMemorySyncNetwork();
  final AtomicReference<LayoutHistory> layout = new AtomicReference<>();
  final Map<NodeId, Node> nodes = new LinkedHashMap<>();

  /** One node of the cluster. */
  final class Node implements AutoCloseable {
    final NodeId id;
    final URI uri;
    final MetadataStore store;
    final Tables tables;
    final MerkleUpdater updater;
    final TableSyncer syncer;
    final List<Long> fullSyncs = new ArrayList<>();

    Node(NodeId id, Path dir, TableSyncer.Schedule schedule) throws IOException {
      this.id = id;
      this.uri = URI.create("http://node-" + id.shortHex() + ":3901");
      store = MetadataStore.open(dir, false, Tables.columnFamilies(SCHEMAS));
      tables = new Tables(store, new PersistentInsertQueue(store), SCHEMAS);
      updater = new MerkleUpdater(tables);
      syncer =
          new TableSyncer(
              tables,
              id,
              () -> Optional.ofNullable(layout.get()),
              n -> Optional.ofNullable(nodes.get(n)).map(node -> node.uri),
              network,
              schedule,
              clock,
              fullSyncs::add);
      network.register(uri, tables);
    }

    <E> LocalTable<E> table(TableSchema<E> schema) {
      return tables.get(schema);
    }

    /** Runs the syncer until it goes idle: a whole pass if one is due. */
    void runUntilIdle() {
      for (int steps = 0; syncer.work() == WorkerState.BUSY; steps++) {
        if (steps > 10_000) {
          throw new AssertionError("the syncer never goes idle");
        }
      }
    }

    /** Every stored entry of a table, in partition then key order, as hex of key and value. */
    List<String> contents(TableSchema<?> schema) {
      LocalTable<?> table = tables.get(schema.tableName());
      List<String> out = new ArrayList<>();
      for (int p = 0; p < table.partitionCount(); p++) {
        for (StoredEntry e : table.partitionEntries(p, null, Integer.MAX_VALUE)) {
          out.add(HexFormat.of().formatHex(e.key()) + "=" + HexFormat.of().formatHex(e.value()));
        }
      }
      return out;
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** Nodes with ids 01.., 02.., ..., none in the layout yet. */
  SyncCluster(Path dir, int count) throws IOException {
    this(dir, count, SCHEDULE);
  }

  SyncCluster(Path dir, int count, TableSyncer.Schedule schedule) throws IOException {
    for (int i = 1; i <= count; i++) {
      NodeId id = NodeId.fromHex("%02x".formatted(i).repeat(32));
      nodes.put(id, new Node(id, dir.resolve("node" + i), schedule));
    }
  }

  Node node(int i) {
    return new ArrayList<>(nodes.values()).get(i);
  }

  /** Applies a layout version with every node as a storage node, each in its own zone. */
  void applyLayout(int replicationFactor) {
    applyLayout(replicationFactor, List.copyOf(nodes.keySet()));
  }

  /** Applies a layout version with {@code members} as storage nodes, each in its own zone. */
  void applyLayout(int replicationFactor, List<NodeId> members) {
    RingParameters p = new RingParameters(replicationFactor, ZoneRedundancy.atLeast(1));
    InstantSource at = () -> Instant.ofEpochMilli(clock.millis());
    Map<NodeId, RoleChange> roles = new LinkedHashMap<>();
    for (NodeId id : members) {
      roles.put(
          id, RoleChange.assign(NodeRole.storage("zone-" + id.shortHex(), 1_000_000_000_000L)));
    }
    LayoutHistory history = LayoutHistory.initial(p, p).stage(roles, at);
    layout.set(history.apply(1, at).history());
  }

  /** Applies every node's Merkle backlog, so roots reflect what each holds. */
  void settle() {
    nodes.values().forEach(n -> n.updater.drain());
  }

  /** A full sync pass on every node in turn, each after the trees have settled. */
  void syncRound() {
    for (Node n : nodes.values()) {
      settle();
      n.syncer.requestFullSync();
      n.runUntilIdle();
    }
    settle();
  }

  @Override
  public void close() {
    nodes.values().forEach(Node::close);
  }
}
