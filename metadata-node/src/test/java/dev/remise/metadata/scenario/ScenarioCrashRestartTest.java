package dev.remise.metadata.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.layout.UpdateTrackers.Tracker;
import dev.remise.metadata.scenario.ScenarioCluster.Node;
import dev.remise.metadata.scenario.Workload.Key;
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
 * Three nodes, RF 3. Node 2 crashes as a write reaches it and stays down while writes, deletes and
 * reads go on, with one message in twenty lost; it restarts from its own directory (the RocksDB
 * store and the layout file). Its own client, which reads itself first, sees every acknowledged
 * write before any sync, and repairs what it reads; a sync round gives it everything else.
 */
class ScenarioCrashRestartTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aRestartedNodeReadsEveryAcknowledgedWriteThroughItsOwnClientAndCatchesUpBySync(long seed)
      throws IOException {
    try (ScenarioCluster cluster = new ScenarioCluster(dir, 3, seed)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Random random = new Random(seed);
      Workload w = new Workload(random, 8, 4);
      Node n1 = cluster.node(1);
      Node n2 = cluster.node(2);
      Node n3 = cluster.node(3);

      // Every key written once with every node up.
      for (int i = 0; i < w.keys.size(); i++) {
        assertThat(w.put(cluster.node(1 + i % 3).client(), w.keys.get(i), "node " + (1 + i % 3)))
            .isTrue();
      }

      // Node 2 dies just as a write is about to reach it; the write still gets its quorum.
      cluster.network.beforeFirst(
          m -> m.to().equals(n2.uri) && m.call().equals("insert"), n2::crash);
      assertThat(w.put(n1.client(), w.keys.getFirst(), "node 1")).isTrue();
      assertThat(n2.running).isFalse();

      // Writes, deletes and reads go on without it, and anti-entropy runs between the others.
      cluster.network.setLossRate(0.05);
      for (int step = 1; step <= 300; step++) {
        Node on = random.nextBoolean() ? n1 : n3;
        w.step(on.client(), on.toString());
        if (step % 100 == 0) {
          on.syncPass();
        }
      }
      cluster.clock.advance(Duration.ofMinutes(30));

      n2.restart();
      // The layout it had comes back from its file, before layout-admin is heard from.
      assertThat(n2.layout.currentVersion()).isEqualTo(1);
      cluster.propagateUntilStable();
      List<Key> stale =
          w.keys.stream()
              .filter(k -> w.acked.containsKey(k))
              .filter(k -> w.check(k, n2.stored(k.partition(), k.key())) != null)
              .toList();
      assertThat(stale).as("writes node 2 missed while down").hasSizeGreaterThan(10);

      // Before any sync: node 2's own client reads half of what it missed; each read merges its
      // stale copy with another replica's, and repairs it.
      cluster.network.setLossRate(0);
      List<Key> readBack = stale.subList(0, stale.size() / 2);
      for (Key k : readBack) {
        w.read(n2.client(), k, "node 2");
      }
      assertThat(w.violations).isEmpty();
      for (Key k : readBack) {
        assertThat(w.check(k, n2.stored(k.partition(), k.key()))).as("repair of %s", k).isNull();
      }
      Key unread = stale.getLast();
      assertThat(w.check(unread, n2.stored(unread.partition(), unread.key()))).isNotNull();

      // A sync round gives node 2 everything, and the replicas are identical again.
      assertThat(cluster.syncRound()).isTrue();
      ScenarioCluster.assertIdentical(List.of(n1, n2, n3));
      ScenarioCluster.assertHoldsEveryAcknowledgedWrite(n2, w);
      w.readAllAcknowledged(n2.client(), "node 2");
      assertThat(w.violations).isEmpty();
      assertThat(n2.fullSyncs).containsOnly(1L);
    }
  }

  /**
   * A node that is down when version 2 replaces node 3 by node 4 keeps acknowledging version 1
   * (garage-internals §2.6, point 5): however many sync passes the others make, reads stay on
   * version 1 and version 1 keeps its writes. Restarted from the layout file it had (version 1), it
   * learns version 2, acknowledges it, and the transition completes without losing a write.
   */
  @Test
  void aNodeDownDuringALayoutChangeHoldsTheTransitionBackUntilItRestarts() throws IOException {
    try (ScenarioCluster cluster = new ScenarioCluster(dir, 4, 21)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Random random = new Random(21);
      Workload w = new Workload(random, 8, 4);
      Node n1 = cluster.node(1);
      Node n2 = cluster.node(2);
      Node n3 = cluster.node(3);
      Node n4 = cluster.node(4);
      cluster.network.setLossRate(0.05);
      cluster.traffic(w, random, 60);

      n2.crash();
      cluster.applyChange(List.of(4), List.of(3));
      cluster.propagateUntilStable();
      for (int round = 0; round < 3; round++) {
        cluster.syncRound();
        cluster.traffic(w, random, 20);
        cluster.propagate();
      }
      cluster.propagateUntilStable();
      assertThat(cluster.admin().tracker(Tracker.ACK, n2.id)).isEqualTo(1);
      assertThat(cluster.admin().ackMin()).isEqualTo(1);
      assertThat(cluster.admin().activeVersions()).hasSize(2);
      for (Node n : cluster.running()) {
        assertThat(n.readVersion()).as("%s reads from", n).isEqualTo(1);
        w.readAllAcknowledged(n.client(), n.toString());
      }
      assertThat(w.violations).isEmpty();

      n2.restart();
      assertThat(n2.layout.currentVersion()).isEqualTo(1);
      cluster.propagateUntilStable();
      assertThat(n2.tracker(Tracker.ACK)).isEqualTo(2);
      assertThat(cluster.admin().ackMin()).isEqualTo(2);
      List<Node> v2Nodes = List.of(n1, n2, n4);
      int rounds = 0;
      while (cluster.admin().activeVersions().size() > 1
          || !v2Nodes.stream().allMatch(n -> n.syncer.syncedAt(2))) {
        assertThat(++rounds).as("sync rounds before version 1 retires").isLessThanOrEqualTo(10);
        for (Node n : cluster.running()) {
          if (n != n3 || n3.history().activeVersions().size() > 1) {
            n.syncPass();
          }
          cluster.traffic(w, random, 10);
        }
        cluster.propagate();
      }
      cluster.propagateUntilStable();

      cluster.network.setLossRate(0);
      assertThat(n3.syncPass()).isTrue();
      assertThat(n3.contents()).isEmpty();
      n3.crash();
      for (Node n : v2Nodes) {
        w.readAllAcknowledged(n.client(), n.toString());
        ScenarioCluster.assertHoldsEveryAcknowledgedWrite(n, w);
      }
      assertThat(w.violations).isEmpty();
      assertThat(cluster.syncRound()).isTrue();
      ScenarioCluster.assertIdentical(v2Nodes);
    }
  }
}
