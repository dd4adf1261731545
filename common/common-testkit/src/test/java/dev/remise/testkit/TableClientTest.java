package dev.remise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.RingParameters;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.QuorumUnavailableException;
import dev.remise.rpc.TableClient;
import dev.remise.table.EntryBatch;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The quorum logic of {@link TableClient} on a {@link SimulatedNetwork} of in-memory nodes. Calls
 * run on the calling thread, so every call a request makes (background ones included) has been made
 * when it returns, and each scenario is deterministic.
 */
class TableClientTest {
  private static final URI GATEWAY = URI.create("http://gateway");

  private final SimulatedNetwork network = new SimulatedNetwork(42);
  private final Map<NodeId, InMemoryTableNode> nodes = new HashMap<>();

  private static NodeId node(int i) {
    return NodeId.fromHex("%064x".formatted(i));
  }

  private static URI address(int i) {
    return StaticPlacement.addressOf(node(i));
  }

  private InMemoryTableNode start(int i) {
    InMemoryTableNode n = new InMemoryTableNode(List.of(Register.TABLE));
    nodes.put(node(i), n);
    network.register(address(i), n);
    return n;
  }

  private TableClient client(LayoutHistory history, ConsistencyMode mode, Integer self) {
    StaticPlacement placement =
        new StaticPlacement(self == null ? null : node(self), history, mode);
    return new TableClient(
        network.from(self == null ? GATEWAY : address(self)), placement, Runnable::run);
  }

  private static LayoutHistory threeNodes() {
    return TestLayouts.storage(List.of(node(1), node(2), node(3)), 3);
  }

  private Optional<Register> stored(int i, String partition, String key) {
    byte[] b =
        nodes
            .get(node(i))
            .get(
                null,
                "register",
                Register.hashOf(partition).hex(),
                java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Register.sortKeyOf(key)));
    return b.length == 0 ? Optional.empty() : Optional.of(Register.TABLE.decode(b));
  }

  /** Writes {@code r} on node {@code i} only, as if the other nodes had missed it. */
  private void storeOn(int i, Register r) {
    nodes
        .get(node(i))
        .insert(null, "register", EntryBatch.encode(List.of(Register.TABLE.encode(r))));
  }

  @Test
  void aWriteReachesEveryUpNodeAndAReadMergesAQuorum() {
    IntStream.rangeClosed(1, 3).forEach(this::start);
    TableClient tables = client(threeNodes(), ConsistencyMode.CONSISTENT, null);

    tables.insert(Register.TABLE, Register.put("p", "k", 10, "v1"));

    for (int i = 1; i <= 3; i++) {
      assertThat(stored(i, "p", "k")).map(Register::value).contains("v1");
    }
    assertThat(tables.get(Register.TABLE, Register.hashOf("p"), Register.sortKeyOf("k")))
        .map(Register::value)
        .contains("v1");
  }

  @Test
  void withOneNodeDownEverythingSucceedsAndTheNodeIsRepairedByReadsWhenBack() {
    IntStream.rangeClosed(1, 3).forEach(this::start);
    network.setDown(address(3), true);
    TableClient gateway = client(threeNodes(), ConsistencyMode.CONSISTENT, null);

    gateway.insert(Register.TABLE, Register.put("p", "k", 10, "v1"));
    assertThat(gateway.get(Register.TABLE, Register.hashOf("p"), Register.sortKeyOf("k")))
        .map(Register::value)
        .contains("v1");
    assertThat(stored(3, "p", "k")).isEmpty();

    network.setDown(address(3), false);
    // Node 3 reads itself first: it answers "absent", node 1 has the entry, the merge repairs 3.
    TableClient onNode3 = client(threeNodes(), ConsistencyMode.CONSISTENT, 3);
    assertThat(onNode3.get(Register.TABLE, Register.hashOf("p"), Register.sortKeyOf("k")))
        .map(Register::value)
        .contains("v1");
    assertThat(stored(3, "p", "k")).map(Register::value).contains("v1");
  }

  @Test
  void withTwoNodesDownWritesAndReadsFailWithQuorumUnavailable() {
    IntStream.rangeClosed(1, 3).forEach(this::start);
    network.setDown(address(1), true);
    network.setDown(address(2), true);
    TableClient tables = client(threeNodes(), ConsistencyMode.CONSISTENT, null);

    assertThatThrownBy(() -> tables.insert(Register.TABLE, Register.put("p", "k", 1, "v")))
        .isInstanceOf(QuorumUnavailableException.class)
        .hasMessageContaining("write to table register could not reach its quorum")
        .hasMessageContaining("node down");
    assertThatThrownBy(
            () -> tables.get(Register.TABLE, Register.hashOf("p"), Register.sortKeyOf("k")))
        .isInstanceOf(QuorumUnavailableException.class)
        .hasMessageContaining("quorum of 2 among 3 nodes");
    assertThatThrownBy(
            () ->
                tables.getRange(Register.TABLE, Register.hashOf("p"), null, null, null, 10, false))
        .isInstanceOf(QuorumUnavailableException.class);
  }

  @Test
  void aReadReturnsTheMergeOfDifferingCopiesAndRepairsTheStaleOne() {
    IntStream.rangeClosed(1, 3).forEach(this::start);
    storeOn(1, Register.put("p", "k", 10, "old"));
    storeOn(2, Register.put("p", "k", 20, "new"));
    TableClient onNode1 = client(threeNodes(), ConsistencyMode.CONSISTENT, 1);

    Optional<Register> read =
        onNode1.get(Register.TABLE, Register.hashOf("p"), Register.sortKeyOf("k"));

    assertThat(read).map(Register::value).contains("new");
    assertThat(stored(1, "p", "k")).map(Register::value).contains("new");
  }

  @Test
  void aRangeReadDropsAnEntryOneNodeHasDeletedAndStillFillsThePage() {
    IntStream.rangeClosed(1, 3).forEach(this::start);
    network.setDown(address(3), true);
    // Node 1 missed the delete of k1; node 2 holds it, and its filter hides k1 from its answer.
    storeOn(1, Register.put("p", "k1", 10, "v"));
    storeOn(2, Register.delete("p", "k1", 20));
    for (String k : List.of("k2", "k3", "k4")) {
      storeOn(1, Register.put("p", k, 10, k));
      storeOn(2, Register.put("p", k, 10, k));
    }
    TableClient onNode1 = client(threeNodes(), ConsistencyMode.CONSISTENT, 1);

    List<Register> page =
        onNode1.getRange(Register.TABLE, Register.hashOf("p"), null, null, Register.LIVE, 2, false);

    assertThat(page).extracting(Register::key).containsExactly("k2", "k3");
    // The re-read of k1 repaired node 1.
    assertThat(stored(1, "p", "k1")).map(Register::deleted).contains(true);
  }

  @Test
  void rangeReadsPageThroughEveryEntryHeldByAQuorumInBothOrders() {
    IntStream.rangeClosed(1, 3).forEach(this::start);
    Random random = new Random(7);
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      String key = "key-%03d".formatted(k);
      keys.add(key);
      // Every entry on two or three nodes, as quorum writes leave them.
      int missing = random.nextInt(4);
      for (int i = 1; i <= 3; i++) {
        if (i != missing) {
          storeOn(i, Register.put("p", key, 1 + random.nextInt(3), "v" + i));
        }
      }
    }
    TableClient tables = client(threeNodes(), ConsistencyMode.CONSISTENT, null);

    assertThat(pageThrough(tables, false)).isEqualTo(keys);
    assertThat(pageThrough(tables, true)).isEqualTo(keys.reversed());
  }

  private static List<String> pageThrough(TableClient tables, boolean reverse) {
    List<String> seen = new ArrayList<>();
    byte[] start = null;
    while (true) {
      List<Register> page =
          tables.getRange(Register.TABLE, Register.hashOf("p"), start, null, null, 7, reverse);
      for (Register r : page) {
        if (seen.isEmpty() || !seen.getLast().equals(r.key())) {
          seen.add(r.key());
        }
      }
      if (page.size() < 7) {
        return seen;
      }
      start = Register.sortKeyOf(page.getLast().key());
    }
  }

  @Test
  void duringALayoutChangeAWriteNeedsAQuorumInTheOldAndTheNewSet() {
    IntStream.rangeClosed(1, 4).forEach(this::start);
    // Version 2 replaces node 3 by node 4; version 1 stays active until synced.
    LayoutHistory h = TestLayouts.change(threeNodes(), List.of(node(4)), List.of(node(3)));
    TableClient tables = client(h, ConsistencyMode.CONSISTENT, null);

    network.setDown(address(4), true);
    tables.insert(Register.TABLE, Register.put("p", "a", 1, "v")); // {1,2,3} and {1,2,4}: 2 each

    network.setDown(address(1), true);
    // Old set {1,2,3} still has 2 and 3, but the new set {1,2,4} only has 2.
    assertThatThrownBy(() -> tables.insert(Register.TABLE, Register.put("p", "b", 1, "v")))
        .isInstanceOf(QuorumUnavailableException.class);
  }

  @Test
  void insertManySendsOneMessagePerNode() {
    IntStream.rangeClosed(1, 3).forEach(this::start);
    TableClient tables = client(threeNodes(), ConsistencyMode.CONSISTENT, null);
    List<Register> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(Register.put("partition-" + i, "k", 1, "v"));
    }

    long before = network.calls();
    tables.insertMany(Register.TABLE, entries);

    assertThat(network.calls() - before).isEqualTo(3);
    assertThat(nodes.get(node(2)).all(Register.TABLE)).hasSize(50);
  }

  @Test
  void beforeAnyLayoutIsAppliedCallsFailWithNoStorageNodes() {
    start(1);
    LayoutHistory empty =
        LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults());
    TableClient tables = client(empty, ConsistencyMode.CONSISTENT, null);

    assertThatThrownBy(() -> tables.insert(Register.TABLE, Register.put("p", "k", 1, "v")))
        .isInstanceOf(NoStorageNodesException.class)
        .hasMessageContaining("apply a layout");
  }

  /**
   * One client, one key space, nodes failing at random (each down with probability 0.3 at each
   * step, so sometimes two at once) and 10 % of messages lost: in consistent mode every read sees
   * the last acknowledged write or a later one whose outcome was unknown; with the quorums lowered
   * to one copy (dangerous mode) the same schedule shows stale reads, so the check can fail.
   */
  @Test
  void consistentQuorumsNeverReadStaleValuesWhileDangerousOnesDo() {
    assertThat(staleReads(ConsistencyMode.CONSISTENT, 11)).isZero();
    assertThat(staleReads(ConsistencyMode.DANGEROUS, 11)).isPositive();
  }

  private int staleReads(ConsistencyMode mode, long seed) {
    SimulatedNetwork net = new SimulatedNetwork(seed);
    for (int i = 1; i <= 3; i++) {
      net.register(address(i), new InMemoryTableNode(List.of(Register.TABLE)));
    }
    net.setLossRate(0.1);
    TableClient tables =
        new TableClient(
            net.from(GATEWAY), new StaticPlacement(null, threeNodes(), mode), Runnable::run);
    Random random = new Random(seed);
    Map<String, Long> acked = new HashMap<>();
    int stale = 0;
    for (long step = 1; step <= 3_000; step++) {
      for (int i = 1; i <= 3; i++) {
        net.setDown(address(i), random.nextDouble() < 0.3);
      }
      String key = "k" + random.nextInt(5);
      try {
        if (random.nextBoolean()) {
          tables.insert(Register.TABLE, Register.put("p", key, step, "v" + step));
          acked.put(key, step);
        } else {
          Optional<Register> read =
              tables.get(Register.TABLE, Register.hashOf("p"), Register.sortKeyOf(key));
          long seen = read.map(Register::timestamp).orElse(0L);
          if (seen < acked.getOrDefault(key, 0L)) {
            stale++;
          }
        }
      } catch (QuorumUnavailableException e) {
        // Unknown outcome for a write, no answer for a read: neither can be stale.
      }
    }
    return stale;
  }
}
