package dev.remise.metadata.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.metadata.scenario.ScenarioCluster.Node;
import dev.remise.rpc.TableClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three nodes, RF 3, one layout version. A gateway and clients on each node write and read while 10
 * % of all messages (table calls, read repairs, sync) are lost, and for a while node 3 is cut off
 * from nodes 1 and 2 (the gateway still reaches it). Every read sees the last acknowledged write;
 * once the network heals, one sync pass on each node leaves the three replicas identical.
 */
class ScenarioMessageLossAndPartitionTest {
  private static final int STEPS = 400;
  private static final int PARTITION_FROM = 100;
  private static final int PARTITION_UNTIL = 300;

  @TempDir Path dir;

  /** What a run did, and the replicas' Merkle roots at its end. */
  private record Run(Workload workload, boolean divergedDuringPartition, List<String> trace) {}

  private static Run run(Path dir, long seed) throws IOException {
    try (ScenarioCluster cluster = new ScenarioCluster(dir, 3, seed)) {
      cluster.applyFirst(List.of(1, 2, 3));
      Random random = new Random(seed);
      Workload w = new Workload(random, 8, 4);
      List<String> trace = new ArrayList<>();
      cluster.network.setLossRate(0.1);
      boolean diverged = false;
      for (int step = 1; step <= STEPS; step++) {
        if (step == PARTITION_FROM) {
          cluster.network.cut(ScenarioCluster.uri(3), ScenarioCluster.uri(1));
          cluster.network.cut(ScenarioCluster.uri(3), ScenarioCluster.uri(2));
        }
        if (step == PARTITION_UNTIL) {
          diverged = !cluster.node(3).contents().equals(cluster.node(1).contents());
          cluster.network.heal();
        }
        if (step % 40 == 0) {
          // Anti-entropy under the same faults: it may fail, never undo anything.
          Node n = cluster.node(1 + random.nextInt(3));
          trace.add("sync pass of " + n + ": " + n.syncPass());
        }
        int who = random.nextInt(4);
        TableClient client = who == 0 ? cluster.gatewayClient() : cluster.node(who).client();
        w.step(client, who == 0 ? "gateway" : "node " + who);
      }

      cluster.network.heal();
      cluster.network.setLossRate(0);
      assertThat(cluster.syncRound()).as("a sync pass on each node").isTrue();

      List<Node> all = List.copyOf(cluster.nodes());
      ScenarioCluster.assertIdentical(all);
      for (Node n : all) {
        ScenarioCluster.assertHoldsEveryAcknowledgedWrite(n, w);
      }
      trace.addAll(w.trace);
      trace.add("roots " + cluster.node(1).roots());
      return new Run(w, diverged, trace);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void readsSeeTheLastAcknowledgedWriteUnderLossAndAPartitionAndReplicasConvergeOnceHealed(
      long seed) throws IOException {
    Run run = run(dir, seed);

    Workload w = run.workload();
    assertThat(w.violations).isEmpty();
    // The schedule did exercise what it claims to.
    assertThat(w.ackedWrites).isGreaterThan(50);
    assertThat(w.failedWrites).isPositive();
    assertThat(w.reads).isGreaterThan(50);
    assertThat(w.failedReads).isPositive();
    assertThat(run.divergedDuringPartition()).as("node 3 missed writes while cut off").isTrue();
  }

  @Test
  void aScenarioReplaysExactlyWithItsSeed() throws IOException {
    Run first = run(dir.resolve("first"), 7);
    Run second = run(dir.resolve("second"), 7);

    assertThat(second.trace()).isEqualTo(first.trace());
  }
}
