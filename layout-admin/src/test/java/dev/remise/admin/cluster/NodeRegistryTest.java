package dev.remise.admin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import dev.remise.rpc.Heartbeat;
import dev.remise.testkit.MutableClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {
  private static final NodeId A = NodeId.fromHex("aa".repeat(32));
  private static final NodeId B = NodeId.fromHex("bb".repeat(32));
  private static final NodeId C = NodeId.fromHex("cc".repeat(32));
  private static final long TB = 1_000_000_000_000L;

  private final MutableClock clock = MutableClock.at(1_700_000_000_000L);
  private final NodeRegistry registry = new NodeRegistry(clock, Duration.ofSeconds(30));

  /** Version 1 of a layout where every node holds both rings, {@code rf} copies each. */
  private LayoutHistory layout(int rf, NodeId... nodes) {
    RingParameters parameters = new RingParameters(rf, ZoneRedundancy.atLeast(1));
    Map<NodeId, RoleChange> roles = new LinkedHashMap<>();
    for (NodeId n : nodes) {
      roles.put(n, RoleChange.assign(NodeRole.storage("dc1", TB)));
    }
    return LayoutHistory.initial(parameters, parameters)
        .stage(roles, clock)
        .apply(1, clock)
        .history();
  }

  private static Heartbeat beat(NodeId id, String role) {
    return new Heartbeat(
        id,
        role,
        "http://" + role + ":3901",
        "host-" + id.shortHex(),
        "0.1.0",
        1,
        null,
        role.equals("block-node") ? 100L : null,
        role.equals("block-node") ? 1000L : null,
        role.equals("metadata-node") ? 10L : null,
        role.equals("metadata-node") ? 20L : null);
  }

  private void beatAll(NodeId id) {
    registry.heartbeat(beat(id, "metadata-node"));
    registry.heartbeat(beat(id, "block-node"));
  }

  @Test
  void rolesOfOneNodeIdMergeIntoOneNode() {
    beatAll(A);
    registry.heartbeat(beat(A, "gateway-s3"));

    ClusterStatus status = registry.status(layout(1, A));

    assertThat(status.layoutVersion()).isEqualTo(1);
    assertThat(status.nodes()).hasSize(1);
    NodeStatus a = status.nodes().getFirst();
    assertThat(a.roles()).containsExactly("block-node", "gateway-s3", "metadata-node");
    assertThat(a.up()).isTrue();
    assertThat(a.address()).isEqualTo("http://metadata-node:3901");
    assertThat(a.dataPartition()).contains(new NodeStatus.Space(100, 1000));
    assertThat(a.metadataPartition()).contains(new NodeStatus.Space(10, 20));
    assertThat(a.role().orElseThrow().zone()).isEqualTo("dc1");
    assertThat(a.draining()).isFalse();
    assertThat(a.layoutVersion()).contains(1L);
  }

  @Test
  void aNodeIsUpForThirtySecondsAfterItsLastHeartbeatThenDown() {
    beatAll(A);
    LayoutHistory history = layout(1, A);

    clock.advance(Duration.ofSeconds(30));
    assertThat(registry.status(history).nodes().getFirst().up()).isTrue();
    assertThat(registry.status(history).nodes().getFirst().lastSeenSecsAgo()).contains(30L);

    clock.advance(Duration.ofSeconds(1));
    NodeStatus a = registry.status(history).nodes().getFirst();
    assertThat(a.up()).isFalse();
    assertThat(a.lastSeenSecsAgo()).contains(31L);

    beatAll(A);
    assertThat(registry.status(history).nodes().getFirst().up()).isTrue();
  }

  @Test
  void nodesOfTheLayoutNeverHeardFromAreListedAsDown() {
    beatAll(A);

    List<NodeStatus> nodes = registry.status(layout(1, A, B)).nodes();

    assertThat(nodes).extracting(NodeStatus::id).containsExactly(A, B);
    NodeStatus b = nodes.get(1);
    assertThat(b.up()).isFalse();
    assertThat(b.roles()).isEmpty();
    assertThat(b.lastSeenSecsAgo()).isEmpty();
    assertThat(b.role()).isPresent();
  }

  @Test
  void nodesHeardFromButWithoutARoleAreListedWithoutOne() {
    registry.heartbeat(beat(C, "gateway-s3"));

    NodeStatus c = registry.status(layout(1, A)).nodes().get(1);

    assertThat(c.id()).isEqualTo(C);
    assertThat(c.up()).isTrue();
    assertThat(c.role()).isEmpty();
  }

  @Test
  void aClusterWithEveryStorageNodeUpIsHealthy() {
    beatAll(A);
    beatAll(B);
    beatAll(C);

    ClusterHealth health = registry.health(layout(3, A, B, C));

    assertThat(health)
        .isEqualTo(new ClusterHealth(ClusterHealth.Status.HEALTHY, 3, 3, 3, 3, 256, 256, 256));
  }

  @Test
  void oneNodeDownOfThreeCopiesKeepsQuorumSoTheClusterIsDegraded() {
    LayoutHistory history = layout(3, A, B, C);
    beatAll(A);
    clock.advance(Duration.ofSeconds(31));
    beatAll(B);
    beatAll(C);

    ClusterHealth health = registry.health(history);

    assertThat(health.status()).isEqualTo(ClusterHealth.Status.DEGRADED);
    assertThat(health.knownNodes()).isEqualTo(3);
    assertThat(health.connectedNodes()).isEqualTo(2);
    assertThat(health.storageNodesUp()).isEqualTo(2);
    assertThat(health.partitionsQuorum()).isEqualTo(256);
    assertThat(health.partitionsAllOk()).isZero();
  }

  @Test
  void twoNodesDownOfThreeCopiesLoseQuorumSoTheClusterIsUnavailable() {
    beatAll(A);

    ClusterHealth health = registry.health(layout(3, A, B, C));

    assertThat(health.status()).isEqualTo(ClusterHealth.Status.UNAVAILABLE);
    assertThat(health.partitionsQuorum()).isZero();
  }

  @Test
  void aNodeCountsForARingOnlyThroughTheRoleThatServesIt() {
    // A's block store stopped beating while its metadata role still does: the block ring, where
    // A holds the only copy, has no quorum even though A is up.
    registry.heartbeat(beat(A, "metadata-node"));

    ClusterHealth health = registry.health(layout(1, A));

    assertThat(registry.status(layout(1, A)).nodes().getFirst().up()).isTrue();
    assertThat(health.storageNodesUp()).isZero();
    assertThat(health.partitionsQuorum()).isZero();
    assertThat(health.status()).isEqualTo(ClusterHealth.Status.UNAVAILABLE);
  }

  @Test
  void theSingleNodeRoleServesBothRings() {
    registry.heartbeat(beat(A, "single-node"));

    assertThat(registry.health(layout(1, A)).status()).isEqualTo(ClusterHealth.Status.HEALTHY);
  }

  @Test
  void withoutALayoutNoPartitionCanBeWritten() {
    beatAll(A);
    RingParameters p = new RingParameters(1, ZoneRedundancy.atLeast(1));

    ClusterHealth health = registry.health(LayoutHistory.initial(p, p));

    assertThat(health.status()).isEqualTo(ClusterHealth.Status.UNAVAILABLE);
    assertThat(health.storageNodes()).isZero();
    assertThat(health.knownNodes()).isEqualTo(1);
  }

  @Test
  void aNodeRemovedFromTheCurrentLayoutButInAnOlderActiveVersionIsDraining() {
    LayoutHistory v1 = layout(1, A, B);
    LayoutHistory v2 = v1.stage(Map.of(B, RoleChange.remove()), clock).apply(2, clock).history();
    beatAll(A);
    beatAll(B);

    NodeStatus b = registry.status(v2).nodes().get(1);

    assertThat(b.id()).isEqualTo(B);
    assertThat(b.role()).isEmpty();
    assertThat(b.draining()).isTrue();
  }
}
