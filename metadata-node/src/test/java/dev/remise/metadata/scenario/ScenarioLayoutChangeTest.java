package dev.remise.metadata.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.layout.LayoutVersion;
import dev.remise.layout.UpdateTrackers.Tracker;
import dev.remise.metadata.scenario.ScenarioCluster.Node;
import dev.remise.metadata.scenario.Workload.Key;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.TableClient;
import dev.remise.testkit.Register;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layout changes in the middle of writes. Version 1 stores on nodes 1-3 (RF 3); version 2 replaces
 * node 3 by node 4 (or nodes 2 and 3 by nodes 4 and 5) and is applied while node 1 is in the middle
 * of a write, which then reaches nodes 2 and 3 only, after they ran a sync pass. Clients run on
 * every node and place by their own node's layout, so the ack locks, the trackers and the read
 * version are the real ones; 5 % of messages are lost throughout. No read ever misses an
 * acknowledged write; node 1 acknowledges version 2 only once its write returned, and passes
 * started before do not count for version 2; during the transition a write needs a quorum in both
 * node sets; sync passes move the trackers until version 1 retires; the leaving nodes offload their
 * data and go, and the nodes of version 2 still serve every acknowledged write.
 */
class ScenarioLayoutChangeTest {
  @TempDir Path dir;

  private static TableClient clientOn(ScenarioCluster cluster, int node) {
    return cluster.node(node).client();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void replacingANodeInTheMiddleOfWritesNeverLosesAnAcknowledgedWrite(long seed)
      throws IOException {
    replaceDuringWrites(seed, List.of(3), List.of(4));
  }

  /**
   * Versions 1 and 2 share only node 1, which the write in flight during the change does not reach:
   * were reads to move to version 2 on the strength of a sync pass that started before that write
   * returned, they would miss it.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void replacingTwoOfThreeNodesInTheMiddleOfWritesNeverLosesAnAcknowledgedWrite(long seed)
      throws IOException {
    replaceDuringWrites(seed, List.of(2, 3), List.of(4, 5));
  }

  /**
   * Version 1 stores on nodes 1-3; version 2 has {@code removed} leave and {@code added} join (node
   * 1 stays), and is applied while node 1 is in the middle of a write.
   */
  private void replaceDuringWrites(long seed, List<Integer> removed, List<Integer> added)
      throws IOException {
    int count = 3 + added.size();
    try (ScenarioCluster cluster = new ScenarioCluster(dir, count, seed)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Random random = new Random(seed);
      Workload w = new Workload(random, 16, 8);
      Node n1 = cluster.node(1);
      List<Node> leaving = removed.stream().map(cluster::node).toList();
      List<Node> joining = added.stream().map(cluster::node).toList();
      List<Node> v2Nodes = cluster.nodes().stream().filter(n -> !leaving.contains(n)).toList();

      // Node 1 is unreachable for a while first: many writes are only on nodes 2 and 3.
      cluster.network.setLossRate(0.05);
      cluster.network.setDown(n1.uri, true);
      cluster.traffic(w, random, 75);
      cluster.network.setDown(n1.uri, false);
      cluster.traffic(w, random, 75);

      // ---- Version 2 is applied and published while node 1 is in the middle of a write. ----
      List<String> seenMidWrite = new ArrayList<>();
      Node n2 = cluster.node(2);
      Node n3 = cluster.node(3);
      Runnable applyV2 =
          () -> {
            cluster.applyChange(added, removed);
            cluster.propagate();
            cluster.propagate();
            seenMidWrite.add("in flight " + n1.layout.writesInFlight());
            for (Node n : cluster.nodes()) {
              seenMidWrite.add(n + " ack " + n.tracker(Tracker.ACK));
            }
            seenMidWrite.add("ack min " + cluster.admin().ackMin());
            // The write in flight, placed by version 1, will reach nodes 2 and 3 only (not node 1
            // itself, nor version 2's new nodes), after they finish a sync pass now. Those passes
            // are computed at ack min 1, so they must not let reads move to version 2: only a
            // pass started after the write returned copies it to version 2's nodes.
            cluster.network.cut(n1.uri, n1.uri);
            for (Node n : List.of(n2, n3)) {
              n.syncPass();
              seenMidWrite.add(n + " synced at " + n.tracker(Tracker.SYNC));
            }
          };
      for (int i = 0; i < 40; i++) {
        Key k = w.anyKey();
        if (i == 10) {
          cluster.network.beforeFirst(
              m -> m.from().equals(n1.uri) && m.call().equals("insert"), applyV2);
          w.put(n1.client(), k, "node 1");
          assertThat(cluster.network.triggerPending()).isFalse();
          cluster.network.heal();
          // The write returned: node 1 acknowledges version 2 at once.
          assertThat(n1.layout.writesInFlight()).isZero();
          assertThat(n1.tracker(Tracker.ACK)).isEqualTo(2);
        } else {
          int on = 1 + random.nextInt(count);
          w.put(clientOn(cluster, on), k, "node " + on);
        }
        // Reads from every node's client, whatever version each currently reads from.
        w.read(clientOn(cluster, 1 + random.nextInt(count)), w.anyKey(), "reader");
      }
      List<String> expected = new ArrayList<>();
      expected.add("in flight 1");
      for (Node n : cluster.nodes()) {
        expected.add(n + " ack " + (n == n1 ? 1 : 2));
      }
      expected.add("ack min 1");
      expected.add("node 2 synced at 1");
      expected.add("node 3 synced at 1");
      assertThat(seenMidWrite).isEqualTo(expected);

      cluster.propagateUntilStable();
      for (Node n : cluster.nodes()) {
        w.readAllAcknowledged(n.client(), n.toString());
      }
      assertThat(w.violations).isEmpty();
      assertThat(cluster.admin().ackMin()).isEqualTo(2);
      assertThat(cluster.admin().activeVersions()).hasSize(2);
      for (Node n : cluster.nodes()) {
        assertThat(n.readVersion()).as("%s reads from", n).isEqualTo(1);
      }

      // ---- During the transition a write needs a quorum in the old and the new node set. ----
      cluster.network.setLossRate(0);
      Key probe = w.anyKey();
      Node writer = v2Nodes.getLast();
      cluster.network.setDown(n1.uri, true);
      cluster.network.setDown(joining.getFirst().uri, true);
      assertThat(w.put(writer.client(), probe, writer.toString()))
          .as("nodes 1 and %s down: version 2's set lacks a quorum", joining.getFirst())
          .isFalse();
      cluster.network.setDown(joining.getFirst().uri, false);
      cluster.network.setDown(leaving.getFirst().uri, true);
      assertThat(w.put(writer.client(), probe, writer.toString()))
          .as("nodes 1 and %s down: version 1's set lacks a quorum", leaving.getFirst())
          .isFalse();
      cluster.network.setDown(n1.uri, false);
      assertThat(w.put(writer.client(), probe, writer.toString()))
          .as("%s down: both sets have a quorum", leaving.getFirst())
          .isTrue();
      cluster.network.setDown(leaving.getFirst().uri, false);
      assertThat(w.put(joining.getLast().client(), probe, joining.getLast().toString())).isTrue();
      for (Node n : cluster.nodes()) {
        assertThat(n.stored(probe.partition(), probe.key()).map(Register::timestamp))
            .as("the write reached %s", n)
            .contains(w.acked.get(probe));
      }

      // ---- Sync until the nodes of version 2 are synced and version 1 retires. ----
      cluster.network.setLossRate(0.05);
      int rounds = 0;
      while (cluster.admin().activeVersions().size() > 1
          || !v2Nodes.stream().allMatch(n -> n.syncer.syncedAt(2))) {
        assertThat(++rounds).as("sync rounds before version 1 retires").isLessThanOrEqualTo(10);
        for (Node n : cluster.running()) {
          // A leaving node syncs while it still stores data; its offload is checked below.
          if (!leaving.contains(n) || n.history().activeVersions().size() > 1) {
            n.syncPass();
          }
          cluster.traffic(w, random, 10);
        }
        cluster.propagate();
        cluster.traffic(w, random, 10);
      }
      cluster.propagateUntilStable();
      assertThat(cluster.admin().activeVersions())
          .extracting(LayoutVersion::version)
          .containsExactly(2L);
      for (Node n : v2Nodes) {
        assertThat(n.syncer.syncedAt(2)).as("%s synced at version 2", n).isTrue();
        assertThat(n.tracker(Tracker.SYNC)).isEqualTo(2);
        assertThat(n.readVersion()).isEqualTo(2);
        assertThat(n.history().activeVersions()).hasSize(1);
      }
      cluster.traffic(w, random, 50);

      // ---- The leaving nodes, in no active version, offload what they hold and go for good. --
      cluster.network.setLossRate(0);
      for (Node n : leaving) {
        assertThat(n.contents()).as("%s before its offload", n).isNotEmpty();
        assertThat(n.syncPass()).isTrue();
        assertThat(n.contents()).as("%s after its offload", n).isEmpty();
        n.crash();
      }

      for (Node n : v2Nodes) {
        w.readAllAcknowledged(n.client(), n.toString());
      }
      assertThat(w.violations).isEmpty();
      for (Node n : joining) {
        // RF 3 on three nodes: each of them stores every partition.
        ScenarioCluster.assertHoldsEveryAcknowledgedWrite(n, w);
      }
      assertThat(cluster.syncRound()).isTrue();
      ScenarioCluster.assertIdentical(v2Nodes);
      assertThat(w.ackedWrites).isGreaterThan(100);
      assertThat(w.failedWrites).isPositive();
    }
  }

  /**
   * The contrast: dangerous mode keeps only the current version, so right after version 2 replaces
   * node 3 by node 4 (nothing synced yet) a client on node 4 reads its own empty copy and misses
   * writes every old node acknowledged, while a consistent client still reads from version 1.
   */
  @Test
  void inDangerousModeANewNodeMissesWritesBeforeItIsSyncedAndInConsistentModeItDoesNot()
      throws IOException {
    try (ScenarioCluster cluster = new ScenarioCluster(dir, 4, 5)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Workload w = new Workload(new Random(5), 4, 4);
      for (Key k : w.keys) {
        assertThat(w.put(clientOn(cluster, 1), k, "node 1")).isTrue();
      }
      cluster.applyChange(List.of(4), List.of(3));
      cluster.propagateUntilStable();

      TableClient dangerous = cluster.node(4).client(ConsistencyMode.DANGEROUS);
      int missed = 0;
      for (Key k : w.keys) {
        Optional<Register> seen =
            dangerous.get(
                Register.TABLE, Register.hashOf(k.partition()), Register.sortKeyOf(k.key()));
        if (w.check(k, seen) != null) {
          missed++;
        }
      }
      assertThat(missed).isPositive();

      w.readAllAcknowledged(clientOn(cluster, 4), "node 4");
      assertThat(w.violations).isEmpty();
    }
  }

  /**
   * Layout-admin writes (buckets, keys) without ack locks, since it holds no role. Its write placed
   * by version 1 is still in flight (and cannot reach node 1) when it applies version 2, replacing
   * nodes 2 and 3 by 4 and 5, and the whole transition completes meanwhile: nodes acknowledge, sync
   * and retire version 1. The write lands on nodes 2 and 3 only, which version 2 no longer reads;
   * the client sees the version changed and writes again by version 2 before it returns, so the
   * acknowledged write is readable from version 2's nodes.
   */
  @Test
  void aWriteWithoutAnAckLockIsWrittenAgainWhenTheVersionChangedUnderIt() throws IOException {
    try (ScenarioCluster cluster = new ScenarioCluster(dir, 5, 9)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Workload w = new Workload(new Random(9), 4, 4);
      for (Key k : w.keys) {
        assertThat(w.put(clientOn(cluster, 1), k, "node 1")).isTrue();
      }
      Node n1 = cluster.node(1);
      List<String> during = new ArrayList<>();
      cluster.network.beforeFirst(
          m -> m.from().equals(ScenarioCluster.ADMIN) && m.call().equals("insert"),
          () -> {
            cluster.network.cut(ScenarioCluster.ADMIN, n1.uri);
            cluster.applyChange(List.of(4, 5), List.of(2, 3));
            cluster.propagateUntilStable();
            for (int round = 0; round < 4; round++) {
              cluster.syncRound();
              cluster.propagateUntilStable();
            }
            during.add("active " + cluster.admin().activeVersions().size());
          });
      Key k = w.keys.getFirst();
      assertThat(w.put(cluster.adminClient(), k, "layout-admin")).isTrue();
      cluster.network.heal();
      assertThat(during).containsExactly("active 1");

      for (int on : new int[] {1, 4, 5}) {
        assertThat(cluster.node(on).stored(k.partition(), k.key()).map(Register::timestamp))
            .as("node %d", on)
            .contains(on == 1 ? 1L : w.acked.get(k));
        w.read(clientOn(cluster, on), k, "node " + on);
      }
      assertThat(w.violations).isEmpty();
    }
  }
}
