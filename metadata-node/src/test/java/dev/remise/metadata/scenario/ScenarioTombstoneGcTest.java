package dev.remise.metadata.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.metadata.scenario.ScenarioCluster.Node;
import dev.remise.metadata.scenario.Workload.Key;
import dev.remise.testkit.Register;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three nodes, RF 3; node 1 (the smallest id) leads table GC of every partition. Node 3 is down
 * while half of the keys are deleted, so their tombstones are on nodes 1 and 2 only, and node 3
 * keeps the old values. Past the GC delay, the leader collects nothing while node 3 is down. Once
 * node 3 is back (and either synced first or not), collection succeeds, under message loss too: the
 * tombstones are gone from every replica, and the old values never come back, neither through reads
 * nor through further sync passes.
 */
class ScenarioTombstoneGcTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "sync before GC: {0}")
  @ValueSource(booleans = {false, true})
  void tombstonesGoOnlyOnceTheReplicaThatMissedThemIsBackAndTheOldValuesNeverReturn(
      boolean syncBeforeGc) throws IOException {
    try (ScenarioCluster cluster = new ScenarioCluster(dir, 3, 11)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Random random = new Random(11);
      Workload w = new Workload(random, 8, 4);
      Node n1 = cluster.node(1);
      Node n2 = cluster.node(2);
      Node n3 = cluster.node(3);
      List<Node> all = List.of(n1, n2, n3);
      for (Key k : w.keys) {
        assertThat(w.put(n1.client(), k, "node 1")).isTrue();
      }
      List<Key> deleted =
          w.keys.stream().filter(k -> k.key().equals("k0") || k.key().equals("k1")).toList();
      List<Key> live = w.keys.stream().filter(k -> !deleted.contains(k)).toList();

      n3.crash();
      for (Key k : deleted) {
        assertThat(w.delete(cluster.node(1 + random.nextInt(2)).client(), k, "deleter")).isTrue();
      }
      for (Key k : deleted) {
        assertThat(n1.stored(k.partition(), k.key()))
            .hasValueSatisfying(r -> assertThat(r.deleted()).isTrue());
        assertThat(n2.stored(k.partition(), k.key()))
            .hasValueSatisfying(r -> assertThat(r.deleted()).isTrue());
      }
      assertThat(n1.table().gcTodo().size()).isEqualTo(deleted.size());

      // Before the delay, nothing is due.
      cluster.clock.advance(ScenarioCluster.GC_DELAY.minusMinutes(1));
      assertThat(n1.gcStep()).isTrue();
      assertThat(n1.table().gcTodo().size()).isEqualTo(deleted.size());

      // Past the delay, with node 3 down, the leader collects nothing.
      cluster.clock.advance(Duration.ofMinutes(2));
      assertThat(n1.gcStep()).as("collection with node 3 down").isFalse();
      assertThat(n2.gcStep()).isTrue(); // not the leader: drops its own records only
      assertThat(n1.table().gcTodo().size()).isEqualTo(deleted.size());
      assertThat(n2.table().gcTodo().size()).isZero();
      for (Key k : deleted) {
        for (Node n : List.of(n1, n2)) {
          assertThat(n.stored(k.partition(), k.key()))
              .as("%s's tombstone of %s", n, k)
              .hasValueSatisfying(r -> assertThat(r.deleted()).isTrue());
        }
      }

      n3.restart();
      cluster.propagateUntilStable();
      for (Key k : deleted) {
        assertThat(n3.stored(k.partition(), k.key()))
            .as("node 3 missed the delete of %s", k)
            .hasValueSatisfying(r -> assertThat(r.deleted()).isFalse());
      }
      if (syncBeforeGc) {
        // Node 3 pushes its old values (the tombstones win), and receives the tombstones.
        assertThat(cluster.syncRound()).isTrue();
      }

      // Collection succeeds now, even with messages lost: a failed attempt is retried whole.
      cluster.network.setLossRate(0.3);
      int attempts = 0;
      while (n1.table().gcTodo().size() > 0) {
        assertThat(++attempts).as("GC attempts").isLessThanOrEqualTo(50);
        n1.gcStep();
      }
      cluster.network.setLossRate(0);
      // Nodes 2 and 3 recorded the tombstones GC sent them; once due, they find them gone.
      cluster.clock.advance(ScenarioCluster.GC_DELAY);
      for (Node n : all) {
        assertThat(n.gcStep()).isTrue();
        assertThat(n.table().gcTodo().size()).as("%s's GC records", n).isZero();
      }
      assertNoneHolds(all, deleted);

      // The old values never come back: not through sync, nor through reads on any node.
      for (int round = 0; round < 3; round++) {
        assertThat(cluster.syncRound()).isTrue();
        assertNoneHolds(all, deleted);
      }
      for (Node n : all) {
        for (Key k : deleted) {
          assertThat(
                  n.client()
                      .get(
                          Register.TABLE,
                          Register.hashOf(k.partition()),
                          Register.sortKeyOf(k.key())))
              .as("a read of %s on %s", k, n)
              .isEmpty();
        }
        for (Key k : live) {
          w.read(n.client(), k, n.toString());
        }
      }
      w.readAllAcknowledged(cluster.gatewayClient(), "gateway");
      assertThat(w.violations).isEmpty();
      assertNoneHolds(all, deleted);
      ScenarioCluster.assertIdentical(all);
      assertThat(n1.contents()).hasSize(live.size());
    }
  }

  /**
   * Node 3 missed some deletes, and is then replaced by node 4 while it cannot hear from the others
   * (so no sync brings it the tombstones). Once version 1 retires it offloads its old values to
   * nodes 1, 2 and 4, within the GC delay: the tombstones there win the merge, and GC afterwards
   * collects them on the new node set without the old values coming back.
   */
  @Test
  void aReplacedNodeThatMissedDeletesOffloadsItsOldValuesWithoutBringingThemBack()
      throws IOException {
    try (ScenarioCluster cluster = new ScenarioCluster(dir, 4, 13)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Workload w = new Workload(new Random(13), 8, 4);
      Node n1 = cluster.node(1);
      Node n2 = cluster.node(2);
      Node n3 = cluster.node(3);
      Node n4 = cluster.node(4);
      for (Key k : w.keys) {
        assertThat(w.put(n2.client(), k, "node 2")).isTrue();
      }
      List<Key> deleted = w.keys.stream().filter(k -> k.key().equals("k0")).toList();
      n3.crash();
      for (Key k : deleted) {
        assertThat(w.delete(n1.client(), k, "node 1")).isTrue();
      }
      n3.restart();
      cluster.propagateUntilStable();

      // Version 2 replaces node 3, which nodes 1, 2 and 4 cannot reach while they sync.
      cluster.applyChange(List.of(4), List.of(3));
      cluster.propagateUntilStable();
      for (Node n : List.of(n1, n2, n4)) {
        cluster.network.cut(n.uri, n3.uri);
      }
      int rounds = 0;
      while (cluster.admin().activeVersions().size() > 1) {
        assertThat(++rounds).isLessThanOrEqualTo(5);
        for (Node n : List.of(n1, n2, n4)) {
          n.syncPass();
        }
        cluster.propagate();
      }
      cluster.propagateUntilStable();
      for (Key k : deleted) {
        assertThat(n3.stored(k.partition(), k.key()))
            .as("node 3 still holds the value whose delete it missed")
            .hasValueSatisfying(r -> assertThat(r.deleted()).isFalse());
      }

      // Node 3 is reachable again and offloads everything it holds, old values included.
      cluster.network.heal();
      assertThat(n3.syncPass()).isTrue();
      assertThat(n3.contents()).isEmpty();
      List<Node> replicas = List.of(n1, n2, n4);
      for (Key k : deleted) {
        for (Node n : replicas) {
          assertThat(n.stored(k.partition(), k.key()))
              .as("%s's copy of %s after the offload", n, k)
              .hasValueSatisfying(r -> assertThat(r.deleted()).isTrue());
        }
      }

      cluster.clock.advance(ScenarioCluster.GC_DELAY);
      assertThat(n1.gcStep()).isTrue();
      assertThat(n1.table().gcTodo().size()).isZero();
      assertNoneHolds(replicas, deleted);
      for (int round = 0; round < 2; round++) {
        assertThat(cluster.syncRound()).isTrue();
        assertNoneHolds(replicas, deleted);
      }
      for (Node n : replicas) {
        w.readAllAcknowledged(n.client(), n.toString());
      }
      assertThat(w.violations).isEmpty();
      ScenarioCluster.assertIdentical(replicas);
      assertThat(n4.contents()).hasSize(w.keys.size() - deleted.size());
    }
  }

  private static void assertNoneHolds(List<Node> nodes, List<Key> keys) {
    for (Node n : nodes) {
      for (Key k : keys) {
        assertThat(n.stored(k.partition(), k.key())).as("%s's copy of %s", n, k).isEmpty();
      }
    }
  }
}
