package dev.remise.layout;

import static dev.remise.layout.Clusters.TB;
import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.layout.UpdateTrackers.Tracker;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * How nodes advance their own trackers, which version reads go to, when old versions retire,
 * skip-dead-nodes, and the check gate on received histories (garage-internals §2).
 */
class LayoutTrackersTest {
  private static final IntUnaryOperator MAJORITY = rf -> rf / 2 + 1;

  private final InstantSource clock = Histories.ticking(1_000);

  private LayoutHistory stage(LayoutHistory h, int node, String zone) {
    return h.stage(Map.of(node(node), RoleChange.assign(NodeRole.storage(zone, TB))), clock);
  }

  /** Version 1 on nodes 0-2 (RF 3, three zones), then version 2 adding node 3. */
  private LayoutHistory inTransition() {
    LayoutHistory h = LayoutHistory.initial(Histories.THREE, Histories.THREE);
    h = stage(stage(stage(h, 0, "dc1"), 1, "dc2"), 2, "dc3");
    h = h.apply(1, clock).history();
    return stage(h, 3, "dc1").apply(2, clock).history();
  }

  @Test
  void withOneActiveVersionANodeAcknowledgesAndReadsTheCurrentOne() {
    LayoutHistory h = inTransition();
    LayoutHistory one = LayoutHistory.initial(Histories.THREE, Histories.THREE);
    one = stage(stage(stage(one, 0, "dc1"), 1, "dc2"), 2, "dc3").apply(1, clock).history();

    LayoutHistory updated = one.updateTrackersOf(node(0), 1, MAJORITY);

    assertThat(updated.readVersion(MAJORITY)).isEqualTo(1);
    assertThat(updated.trackers().recorded(Tracker.ACK, node(0))).hasValue(1);
    assertThat(updated.trackers().recorded(Tracker.SYNC_ACK, node(0))).hasValue(1);
    assertThat(h.activeVersions()).hasSize(2);
  }

  @Test
  void readsMoveToTheNewVersionOnceAWriteQuorumOfEveryOldSetHasSynced() {
    LayoutHistory h = inTransition();
    assertThat(h.readVersion(MAJORITY)).isEqualTo(1);

    // One of three synced: a majority of version 1's set has not, reads stay on version 1.
    LayoutHistory one = h.withTrackers(synced(2, node(0)));
    assertThat(one.readVersion(MAJORITY)).isEqualTo(1);

    LayoutHistory two = h.withTrackers(synced(2, node(0), node(1)));
    assertThat(two.readVersion(MAJORITY)).isEqualTo(2);
  }

  @Test
  void whenTheWriteQuorumIsEveryCopyEveryStorageNodeMustHaveSynced() {
    LayoutHistory h = inTransition().withTrackers(synced(2, node(0), node(1), node(2)));
    IntUnaryOperator all = rf -> rf;

    assertThat(h.readVersion(all)).isEqualTo(1);
    assertThat(h.withTrackers(synced(2, node(3))).readVersion(all)).isEqualTo(2);
  }

  @Test
  void theOldVersionRetiresOnceEveryCurrentNodeReadsFromTheNewOne() {
    LayoutHistory h = inTransition().withTrackers(synced(2, node(0), node(1)));

    for (int n = 0; n < 3; n++) {
      h = h.updateTrackersOf(node(n), 2, MAJORITY);
      assertThat(h.activeVersions()).as("after node %d", n).hasSize(2);
    }
    h = h.updateTrackersOf(node(3), 2, MAJORITY);

    assertThat(h.activeVersions()).extracting(LayoutVersion::version).containsExactly(2L);
    assertThat(h.retiredVersions()).extracting(LayoutVersion::version).containsExactly(1L);
  }

  @Test
  void aNodeStillWritingWithAnOldVersionAcknowledgesOnlyThatOne() {
    LayoutHistory h = inTransition().updateTrackersOf(node(0), 1, MAJORITY);

    assertThat(h.tracker(Tracker.ACK, node(0))).isEqualTo(1);
    assertThat(h.updateTrackersOf(node(0), 2, MAJORITY).tracker(Tracker.ACK, node(0))).isEqualTo(2);
    assertThat(h.updateTrackersOf(node(0), 2, MAJORITY).ackMin()).isEqualTo(1);
  }

  @Test
  void aNodeWithoutARoleRecordsNothing() {
    LayoutHistory h = inTransition();

    assertThat(h.updateTrackersOf(node(9), 2, MAJORITY)).isSameAs(h);
  }

  @Test
  void skipDeadNodesRaisesTheAckOfDownNodesOnly() {
    LayoutHistory h = inTransition();
    Set<NodeId> up = Set.of(node(0), node(1), node(3));

    LayoutHistory.SkippedDeadNodes skipped = h.skipDeadNodes(2, false, up::contains);

    assertThat(skipped.ackUpdated()).containsExactly(node(2));
    assertThat(skipped.syncUpdated()).isEmpty();
    assertThat(skipped.history().tracker(Tracker.ACK, node(2))).isEqualTo(2);
    assertThat(skipped.history().tracker(Tracker.ACK, node(0))).isEqualTo(1);
    // Nothing left to do for down nodes: a second call changes nothing.
    assertThat(skipped.history().skipDeadNodes(2, false, up::contains).changedSomething())
        .isFalse();
  }

  @Test
  void skipDeadNodesWithMissingDataAllowedMarksEveryNodeSyncedAndUnblocksReads() {
    LayoutHistory h = inTransition();

    LayoutHistory.SkippedDeadNodes skipped = h.skipDeadNodes(2, true, node -> true);

    assertThat(skipped.ackUpdated()).hasSize(4);
    assertThat(skipped.syncUpdated()).hasSize(4);
    assertThat(skipped.history().readVersion(MAJORITY)).isEqualTo(2);
  }

  @Test
  void skipDeadNodesNeedsSeveralActiveVersionsAndAVersionInRange() {
    LayoutHistory h = inTransition();
    LayoutHistory settled = h.skipDeadNodes(2, true, n -> true).history();
    for (int n = 0; n < 4; n++) {
      settled = settled.updateTrackersOf(node(n), 2, MAJORITY);
    }
    LayoutHistory done = settled;

    assertThatThrownBy(() -> done.skipDeadNodes(2, false, n -> false))
        .isInstanceOf(LayoutUpdateException.class)
        .hasMessageContaining("only version 2 is");
    assertThatThrownBy(() -> h.skipDeadNodes(1, false, n -> false))
        .hasMessageContaining("give a version from 2 to 2");
    assertThatThrownBy(() -> h.skipDeadNodes(3, false, n -> false))
        .hasMessageContaining("give a version from 2 to 2");
  }

  @Test
  void aReceivedHistoryWithAnInvalidVersionIsRefusedWhole() {
    LayoutHistory mine = LayoutHistory.initial(Histories.THREE, Histories.THREE);
    LayoutHistory valid = inTransition();
    LayoutVersion v2 = valid.current();
    RingLayout ring = v2.metadataRing();
    byte[] tampered = ring.assignment();
    // Partition 0's second copy on the same node as its first: two copies on one disk.
    tampered[1] = tampered[0];
    LayoutVersion bad =
        new LayoutVersion(
            2,
            v2.roles(),
            v2.metadata(),
            v2.block(),
            new RingLayout(
                Ring.METADATA,
                ring.nodes(),
                ring.replicationFactor(),
                ring.zoneRedundancy(),
                ring.partitionSize(),
                tampered),
            v2.blockRing());
    TreeMap<Long, LayoutVersion> versions = new TreeMap<>(valid.versions());
    versions.put(2L, bad);
    LayoutHistory invalid =
        new LayoutHistory(versions, valid.activeFrom(), valid.trackers(), valid.staging());

    assertThat(mine.mergeChecked(valid)).isEqualTo(mine.merge(valid));
    assertThatThrownBy(() -> mine.mergeChecked(invalid))
        .isInstanceOf(LayoutRejectedException.class)
        .hasMessageContaining("version 2: metadata ring: partition 0 is on 2 distinct nodes");
    // A version already held is not checked again: only what is new can be wrong.
    assertThat(valid.mergeChecked(valid)).isEqualTo(valid);
  }

  private static UpdateTrackers synced(long version, NodeId... nodes) {
    Map<NodeId, Long> sync = new HashMap<>();
    for (NodeId n : nodes) {
      sync.put(n, version);
    }
    return new UpdateTrackers(new TreeMap<>(), new TreeMap<>(sync), new TreeMap<>());
  }

  @Test
  void aCompletedSyncPassRaisesTheNodesSyncTrackerAndLetsReadsAndRetirementMoveOn() {
    LayoutHistory h = inTransition();
    for (int n = 0; n < 4; n++) {
      h = h.updateTrackersOf(node(n), 2, MAJORITY);
    }
    // Every node acknowledged version 2, but none has synced to it: reads stay on version 1.
    assertThat(h.ackMin()).isEqualTo(2);
    assertThat(h.readVersion(MAJORITY)).isEqualTo(1);
    assertThat(h.activeVersions()).hasSize(2);

    // Each node reports a full sync pass started at ackMin 2; the reported version never goes
    // beyond the current one.
    for (int n = 0; n < 4; n++) {
      h = h.updateTrackersOf(node(n), 2, n == 3 ? 99 : 2, MAJORITY);
    }

    assertThat(h.trackers().recorded(Tracker.SYNC, node(3))).hasValue(2);
    assertThat(h.readVersion(MAJORITY)).isEqualTo(2);
    // With every syncAck on version 2 as well, version 1 retires.
    for (int n = 0; n < 4; n++) {
      h = h.updateTrackersOf(node(n), 2, 2, MAJORITY);
    }
    assertThat(h.activeVersions()).extracting(LayoutVersion::version).containsExactly(2L);
  }
}
