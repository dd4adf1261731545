package dev.remise.metadata.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.layout.LayoutHistory;
import dev.remise.metadata.gc.TableGc;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.GcRpc;
import dev.remise.rpc.TableClient;
import dev.remise.rpc.TableRpc;
import dev.remise.testkit.MutableClock;
import dev.remise.testkit.Register;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table GC on three RocksDB nodes in one process: tombstones go only after the delay, only with
 * every replica's agreement, and an old value a replica still held never comes back.
 */
class TableGcTest {
  private static final Duration DELAY = Duration.ofHours(24);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(1_700_000_000_000L);
  private final Map<NodeId, StoreFixture> nodes = new LinkedHashMap<>();
  private final Map<URI, NodeId> byAddress = new LinkedHashMap<>();
  private final Set<NodeId> down = new HashSet<>();
  private LayoutHistory layout;

  private static NodeId node(int i) {
    return NodeId.fromHex("%064x".formatted(i));
  }

  @BeforeEach
  void start() throws IOException {
    for (int i = 1; i <= 3; i++) {
      StoreFixture f =
          new StoreFixture(
              dir.resolve("n" + i), List.of(Register.TABLE), Tables::declaredReplication, clock);
      nodes.put(node(i), f);
      byAddress.put(StaticPlacement.addressOf(node(i)), node(i));
    }
    layout = TestLayouts.storage(List.of(node(1), node(2), node(3)), 3);
  }

  @AfterEach
  void stop() {
    nodes.values().forEach(StoreFixture::close);
  }

  private Tables reach(URI uri) {
    NodeId id = byAddress.get(uri);
    if (down.contains(id)) {
      throw new IllegalStateException("node " + uri + " is down");
    }
    return nodes.get(id).tables;
  }

  private final TableRpc tableRpc = LocalTablesRpc.routed(this::reach);

  private final GcRpc gcRpc =
      (node, table, items) -> {
        LocalTable<?> t = reach(node).get(table);
        GcRpc.Item.decode(items).forEach(i -> t.deleteIfEqualHash(i.storageKey(), i.hash()));
      };

  private TableGc gc(int i) {
    return new TableGc(
        nodes.get(node(i)).tables,
        node(i),
        () -> Optional.of(layout),
        n -> Optional.of(StaticPlacement.addressOf(n)),
        tableRpc,
        gcRpc,
        clock,
        DELAY);
  }

  private LocalTable<Register> table(int i) {
    return nodes.get(node(i)).table(Register.TABLE);
  }

  private Optional<Register> stored(int i, String key) {
    return table(i).get(Register.hashOf("p"), Register.sortKeyOf(key));
  }

  private void write(Register r, int... onNodes) {
    for (int i : onNodes) {
      table(i).insert(r);
    }
  }

  @Test
  void aTombstoneIsCollectedOnEveryReplicaOnlyAfterTheDelay() {
    write(Register.put("p", "k", 10, "v"), 1, 2, 3);
    write(Register.delete("p", "k", 20), 1, 2, 3);

    clock.advance(DELAY.minusMinutes(1));
    gc(1).work();
    assertThat(stored(2, "k")).hasValueSatisfying(r -> assertThat(r.deleted()).isTrue());

    clock.advance(Duration.ofMinutes(1));
    assertThat(gc(1).work()).isEqualTo(WorkerState.IDLE);

    for (int i = 1; i <= 3; i++) {
      assertThat(stored(i, "k")).as("node %d", i).isEmpty();
    }
    assertThat(table(1).gcTodo().size()).isZero();
    // The other replicas recorded it too; their step finds it gone and forgets it.
    gc(2).work();
    gc(3).work();
    assertThat(table(2).gcTodo().size()).isZero();
    assertThat(table(3).gcTodo().size()).isZero();
  }

  @Test
  void onlyTheSmallestStorageNodeCollectsAndTheOthersLeaveTheDataAlone() {
    write(Register.delete("p", "k", 20), 1, 2, 3);
    clock.advance(DELAY);

    gc(2).work();
    gc(3).work();

    assertThat(stored(1, "k")).isPresent();
    assertThat(stored(2, "k")).isPresent();
    assertThat(table(2).gcTodo().size()).isZero();
    assertThat(table(1).gcTodo().size()).isEqualTo(1);
  }

  @Test
  void aDeadReplicaBlocksCollectionAndTheValueItMissedTheDeleteOfNeverComesBack() {
    write(Register.put("p", "k", 10, "old"), 1, 2, 3);
    write(Register.delete("p", "k", 20), 1, 2); // node 3 missed the delete, then died
    down.add(node(3));
    clock.advance(DELAY);

    assertThatThrownBy(() -> gc(1).work()).hasMessageContaining("is down");
    assertThat(stored(1, "k")).hasValueSatisfying(r -> assertThat(r.deleted()).isTrue());
    assertThat(table(1).gcTodo().size()).isEqualTo(1);

    down.remove(node(3));
    gc(1).work();

    for (int i = 1; i <= 3; i++) {
      assertThat(stored(i, "k")).as("node %d", i).isEmpty();
    }
    TableClient client =
        new TableClient(
            tableRpc, new StaticPlacement(null, layout, ConsistencyMode.CONSISTENT), Runnable::run);
    assertThat(client.get(Register.TABLE, Register.hashOf("p"), Register.sortKeyOf("k"))).isEmpty();
  }

  @Test
  void aNewerWriteOnAReplicaSurvivesTheCollection() {
    write(Register.delete("p", "k", 20), 1, 2, 3);
    write(Register.put("p", "k", 30, "again"), 2);
    clock.advance(DELAY);

    gc(1).work();

    assertThat(stored(1, "k")).isEmpty();
    assertThat(stored(3, "k")).isEmpty();
    assertThat(stored(2, "k")).map(Register::value).contains("again");
  }
}
