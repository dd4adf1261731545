package dev.remise.metadata.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.UpdateTrackers.Tracker;
import dev.remise.metadata.gc.TableGc;
import dev.remise.metadata.sync.TableSyncer;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.MerkleUpdater;
import dev.remise.metadata.table.MetadataStore;
import dev.remise.metadata.table.PersistentInsertQueue;
import dev.remise.metadata.table.StoredEntry;
import dev.remise.metadata.table.Tables;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.Peer;
import dev.remise.rpc.PlacedWrite;
import dev.remise.rpc.TableClient;
import dev.remise.rpc.TablePlacement;
import dev.remise.table.TableSchema;
import dev.remise.testkit.MutableClock;
import dev.remise.testkit.Register;
import dev.remise.testkit.TestLayouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * A cluster of metadata nodes in one process, driven step by step from the test thread: each node
 * has its own RocksDB store with the {@link Register} table, a Merkle updater, a table syncer, a
 * table GC worker and its own {@link NodeLayout} (on disk, with the peers' addresses), and clients
 * run on a node ({@link Node#client}) place by that node's layout, so their ack locks are real.
 * Nodes talk through a {@link ScenarioNetwork}; no worker runs unless the test calls it, time moves
 * only when the test moves the {@link MutableClock}, and table calls run on the calling thread, so
 * a scenario is deterministic and replays with its seed.
 *
 * <p>Layout-admin is played by the test: {@link #propagate} merges every running node's history
 * (its trackers) into the admin's copy and that back into every running node, as heartbeats do.
 * Each node's syncer reports complete passes to its layout ({@link NodeLayout#markSynced}), so the
 * trackers advance exactly as in a real cluster.
 */
final class ScenarioCluster implements AutoCloseable {
  static final String ROLE = "metadata-node";
  static final Duration GC_DELAY = Duration.ofHours(24);
  static final List<TableSchema<?>> SCHEMAS = List.of(Register.TABLE);
  static final TableSyncer.Schedule SCHEDULE =
      new TableSyncer.Schedule(Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO);
  static final IntUnaryOperator MAJORITY = rf -> rf / 2 + 1;
  static final URI GATEWAY = URI.create("http://gateway:3900");
  static final URI ADMIN = URI.create("http://layout-admin:3903");

  final MutableClock clock = MutableClock.at(1_700_000_000_000L);
  final ScenarioNetwork network;
  private final Path dir;
  private final Map<Integer, Node> nodes = new TreeMap<>();
  private final List<Peer> peers = new ArrayList<>();
  private final NodeLayout gatewayLayout;
  private LayoutHistory admin;

  static NodeId id(int i) {
    return NodeId.fromHex("%064x".formatted(i));
  }

  static URI uri(int i) {
    return URI.create("http://node-" + i + ":3901");
  }

  /**
   * Nodes 1 to {@code count} (ids 00..01, 00..02, ...: node 1 is the smallest), started with empty
   * stores and no layout yet.
   */
  ScenarioCluster(Path dir, int count, long seed) throws IOException {
    this.dir = dir;
    this.network = new ScenarioNetwork(seed, this::tablesAt);
    for (int i = 1; i <= count; i++) {
      peers.add(new Peer(id(i), ROLE, uri(i), 1));
    }
    for (int i = 1; i <= count; i++) {
      Node n = new Node(i);
      nodes.put(i, n);
      n.start();
    }
    Path gw = dir.resolve("gateway");
    Files.createDirectories(gw);
    gatewayLayout = NodeLayout.open(gw, NodeId.fromHex("ff".repeat(32)));
    gatewayLayout.mergePeers(peers);
  }

  private Tables tablesAt(URI uri) {
    for (Node n : nodes.values()) {
      if (n.uri.equals(uri)) {
        if (!n.running) {
          throw new IllegalStateException("node " + n.index + " is not running");
        }
        return n.tables;
      }
    }
    throw new IllegalStateException("no node at " + uri);
  }

  /** One metadata node. */
  final class Node {
    final int index;
    final NodeId id;
    final URI uri;
    final Path home;
    MetadataStore store;
    Tables tables;
    MerkleUpdater updater;
    TableSyncer syncer;
    TableGc gc;
    NodeLayout layout;
    boolean running;

    /** Versions each successful full pass reported, since the last start. */
    final List<Long> fullSyncs = new ArrayList<>();

    Node(int index) {
      this.index = index;
      this.id = id(index);
      this.uri = uri(index);
      this.home = dir.resolve("node" + index);
    }

    /** Opens the store and the layout file in this node's directory, as a process start does. */
    void start() throws IOException {
      Files.createDirectories(home.resolve("layout"));
      store = MetadataStore.open(home.resolve("meta"), false, Tables.columnFamilies(SCHEMAS));
      tables =
          new Tables(
              store, new PersistentInsertQueue(store), SCHEMAS, Tables::declaredReplication, clock);
      updater = new MerkleUpdater(tables);
      layout = NodeLayout.open(home.resolve("layout"), id);
      layout.mergePeers(peers);
      fullSyncs.clear();
      NodeLayout mine = layout;
      syncer =
          new TableSyncer(
              tables,
              id,
              mine::history,
              n -> mine.address(n, ROLE),
              network.syncRpc(uri),
              SCHEDULE,
              clock,
              version -> {
                fullSyncs.add(version);
                mine.markSynced(version);
              });
      gc =
          new TableGc(
              tables,
              id,
              mine::history,
              n -> mine.address(n, ROLE),
              network.tableRpc(uri),
              network.gcRpc(uri),
              clock,
              GC_DELAY);
      running = true;
      network.setDown(uri, false);
    }

    /**
     * The process dies: calls to and from it fail, and its store is closed; nothing in memory
     * survives (the syncer's progress, the layout's sync report and ack locks).
     */
    void crash() {
      network.setDown(uri, true);
      running = false;
      store.close();
    }

    /** Starts again from what is on disk. */
    void restart() {
      try {
        start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A client running on this node: it places by this node's layout and reads itself first. */
    TableClient client(ConsistencyMode mode) {
      return new TableClient(network.tableRpc(uri), TablePlacement.of(layout, mode), Runnable::run);
    }

    TableClient client() {
      return client(ConsistencyMode.CONSISTENT);
    }

    LocalTable<Register> table() {
      return tables.get(Register.TABLE);
    }

    Optional<Register> stored(String partition, String key) {
      return table().get(Register.hashOf(partition), Register.sortKeyOf(key));
    }

    /** Every entry held, by storage key (hex), decoded. */
    Map<String, Register> contents() {
      Map<String, Register> out = new TreeMap<>();
      LocalTable<Register> t = table();
      for (int p = 0; p < t.partitionCount(); p++) {
        for (StoredEntry e : t.partitionEntries(p, null, Integer.MAX_VALUE)) {
          out.put(HexFormat.of().formatHex(e.key()), Register.TABLE.decode(e.value()));
        }
      }
      return out;
    }

    /** The Merkle root of every partition, once the updater has caught up. */
    List<Hash> roots() {
      updater.drain();
      List<Hash> roots = new ArrayList<>();
      for (int p = 0; p < table().partitionCount(); p++) {
        roots.add(table().merkle().rootHash(p));
      }
      return roots;
    }

    LayoutHistory history() {
      return layout.history().orElseThrow();
    }

    long tracker(Tracker tracker) {
      return history().tracker(tracker, id);
    }

    long readVersion() {
      return history().readVersion(MAJORITY);
    }

    /**
     * One full sync pass of this node, run to the end: true when it succeeded everywhere (and so
     * reported to the layout).
     */
    boolean syncPass() {
      settle();
      int before = fullSyncs.size();
      syncer.requestFullSync();
      for (int steps = 0; syncer.work() == WorkerState.BUSY; steps++) {
        if (steps > 10_000) {
          throw new AssertionError("the syncer of node " + index + " never goes idle");
        }
      }
      settle();
      return fullSyncs.size() > before;
    }

    /** One step of table GC; false when it failed (a replica unreachable). */
    boolean gcStep() {
      try {
        gc.work();
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "node " + index;
    }
  }

  Node node(int i) {
    return nodes.get(i);
  }

  Collection<Node> nodes() {
    return nodes.values();
  }

  List<Node> running() {
    return nodes.values().stream().filter(n -> n.running).toList();
  }

  /** A client on a gateway that has no role: no self, no ack lock counted by anyone. */
  TableClient gatewayClient() {
    return new TableClient(
        network.tableRpc(GATEWAY),
        TablePlacement.of(gatewayLayout, ConsistencyMode.CONSISTENT),
        Runnable::run);
  }

  /**
   * A client in layout-admin, which holds no role: it places by layout-admin's own history and
   * takes no ack lock, as {@code AdminTablePlacement} does, so {@link TableClient} writes again
   * when the version changed under a write.
   */
  TableClient adminClient() {
    TablePlacement placement =
        new TablePlacement() {
          private LayoutHistory viewed;
          private LayoutView view;

          @Override
          public Optional<NodeId> self() {
            return Optional.empty();
          }

          @Override
          public LayoutView view() {
            if (admin != viewed) {
              view = LayoutView.of(admin, ConsistencyMode.CONSISTENT);
              viewed = admin;
            }
            return view;
          }

          @Override
          public PlacedWrite beginWrite() {
            return PlacedWrite.unlocked(view());
          }

          @Override
          public Optional<URI> address(NodeId node) {
            return peers.stream().filter(p -> p.id().equals(node)).findFirst().map(Peer::address);
          }
        };
    return new TableClient(network.tableRpc(ADMIN), placement, Runnable::run);
  }

  LayoutHistory admin() {
    return admin;
  }

  /** Layout-admin applies its first version, {@code members} storing 3 copies, and publishes it. */
  void applyFirst(List<Integer> members) {
    admin = TestLayouts.storage(members.stream().map(ScenarioCluster::id).toList(), 3);
    propagateUntilStable();
  }

  /** Layout-admin applies the next version: {@code added} join, {@code removed} leave. */
  void applyChange(List<Integer> added, List<Integer> removed) {
    admin =
        TestLayouts.change(
            admin,
            added.stream().map(ScenarioCluster::id).toList(),
            removed.stream().map(ScenarioCluster::id).toList());
  }

  /**
   * One heartbeat round: layout-admin merges every running node's history (the node's trackers),
   * then every running node (and the gateway) merges layout-admin's.
   */
  void propagate() {
    for (Node n : running()) {
      n.layout.history().ifPresent(h -> admin = admin.merge(h));
    }
    for (Node n : running()) {
      n.layout.merge(admin);
    }
    gatewayLayout.merge(admin);
  }

  /** Heartbeat rounds until layout-admin's history stops changing. */
  void propagateUntilStable() {
    for (int round = 0; round < 20; round++) {
      Hash before = admin.digest();
      propagate();
      if (admin.digest().equals(before)
          && running().stream()
              .allMatch(n -> n.layout.history().orElseThrow().digest().equals(before))) {
        return;
      }
    }
    throw new AssertionError("the layout histories never settle");
  }

  /** Applies every running node's Merkle backlog. */
  void settle() {
    running().forEach(n -> n.updater.drain());
  }

  /** A full sync pass on every running node in turn; true when every pass succeeded. */
  boolean syncRound() {
    boolean all = true;
    for (Node n : running()) {
      all &= n.syncPass();
    }
    return all;
  }

  /** {@code steps} random operations of {@code w}, each by a client on a random running node. */
  void traffic(Workload w, Random random, int steps) {
    List<Node> up = running();
    for (int s = 0; s < steps; s++) {
      Node on = up.get(random.nextInt(up.size()));
      w.step(on.client(), on.toString());
    }
  }

  /** The nodes hold the same entries, and so the same Merkle root in every partition. */
  static void assertIdentical(List<Node> replicas) {
    Node first = replicas.getFirst();
    Map<String, Register> expected = first.contents();
    List<Hash> roots = first.roots();
    for (Node n : replicas.subList(1, replicas.size())) {
      assertThat(n.contents()).as("entries of %s and %s", n, first).isEqualTo(expected);
      assertThat(n.roots()).as("Merkle roots of %s and %s", n, first).isEqualTo(roots);
    }
  }

  /** {@code n} holds every acknowledged write of {@code w}, or a later one. */
  static void assertHoldsEveryAcknowledgedWrite(Node n, Workload w) {
    for (Workload.Key k : w.keys) {
      if (w.acked.containsKey(k)) {
        assertThat(w.check(k, n.stored(k.partition(), k.key())))
            .as("%s's copy of %s", n, k)
            .isNull();
      }
    }
  }

  @Override
  public void close() {
    for (Node n : nodes.values()) {
      if (n.running) {
        n.running = false;
        n.store.close();
      }
    }
  }
}
