package dev.remise.layout;

import static dev.remise.layout.Clusters.TB;
import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import dev.remise.layout.UpdateTrackers.Tracker;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Staging, preview, apply, revert, retirement and trackers of {@link LayoutHistory}. */
class LayoutHistoryTest {
  private static final RingParameters RF1 = Histories.ONE;
  private static final RingParameters RF3 = Histories.THREE;

  private final InstantSource clock = Histories.ticking(1_000);

  private static Map<NodeId, RoleChange> assign(int node, String zone, long capacity) {
    return Map.of(node(node), RoleChange.assign(NodeRole.storage(zone, capacity)));
  }

  /** Version 1: one node holding everything, RF 1, as the single-node bootstrap makes it. */
  private LayoutHistory singleNode() {
    return LayoutHistory.initial(RF1, RF1)
        .stage(assign(0, "dc1", TB), clock)
        .apply(1, clock)
        .history();
  }

  @Test
  void aNewHistoryIsTheEmptyVersionZeroWithNothingStaged() {
    LayoutHistory h = LayoutHistory.initial(RF3, RF3);

    assertThat(h.current().version()).isZero();
    assertThat(h.current().roles()).isEmpty();
    assertThat(h.activeVersions()).hasSize(1);
    assertThat(h.hasStagedChanges()).isFalse();
    assertThat(h.stagedParameters(Ring.BLOCK)).isEqualTo(RF3);
  }

  @Test
  void applyingStagedRolesCreatesTheNextVersionAndClearsTheStaging() {
    LayoutHistory staged = LayoutHistory.initial(RF1, RF1).stage(assign(0, "dc1", TB), clock);
    assertThat(staged.hasStagedChanges()).isTrue();

    LayoutHistory.Applied applied = staged.apply(1, clock);

    LayoutHistory h = applied.history();
    assertThat(h.current().version()).isEqualTo(1);
    assertThat(h.current().blockRing().partitionCount(node(0))).isEqualTo(Partition.COUNT);
    assertThat(h.current().metadataRing().partitionCount(node(0))).isEqualTo(Partition.COUNT);
    assertThat(h.hasStagedChanges()).isFalse();
    assertThat(h.stagedRoles()).isEmpty();
    assertThat(applied.change().statistics(Ring.BLOCK).newCopies()).isEqualTo(Partition.COUNT);
  }

  @Test
  void versionZeroHoldsNothingAndIsDroppedOnceVersionOneIsApplied() {
    LayoutHistory h = singleNode();

    assertThat(h.activeVersions()).extracting(LayoutVersion::version).containsExactly(1L);
    assertThat(h.retiredVersions()).isEmpty();
    assertThat(h.version(0)).isEmpty();
  }

  @Test
  void thePreviewIsTheVersionTheApplyCreates() {
    LayoutHistory staged =
        singleNode().stage(assign(1, "dc2", 2 * TB), clock).stage(assign(2, "dc3", TB), clock);

    LayoutPreview preview = staged.preview();
    LayoutHistory applied = staged.apply(2, clock).history();

    assertThat(applied.current()).isEqualTo(preview.version());
    assertThat(preview.version().version()).isEqualTo(2);
    // RF 1: every partition has one copy; the 2 TB node takes half of them, the others a quarter.
    assertThat(preview.statistics(Ring.BLOCK).nodes())
        .extracting(LayoutStatistics.NodeStatistics::partitions)
        .containsExactly(64, 128, 64);
    assertThat(preview.newCopies()).isEqualTo(2 * (128 + 64));
  }

  @Test
  void applyRefusesAWrongVersionNumberNamingTheRightOne() {
    LayoutHistory staged = singleNode().stage(assign(1, "dc2", TB), clock);

    assertThatThrownBy(() -> staged.apply(3, clock))
        .isInstanceOf(LayoutUpdateException.class)
        .hasMessageContaining("current layout version is 1")
        .hasMessageContaining("apply with version 2");
    assertThatThrownBy(() -> staged.apply(1, clock)).isInstanceOf(LayoutUpdateException.class);
  }

  @Test
  void applyAndPreviewRefuseWhenNothingIsStaged() {
    LayoutHistory h = singleNode();

    assertThatThrownBy(() -> h.apply(2, clock))
        .isInstanceOf(LayoutUpdateException.class)
        .hasMessageContaining("no staged changes");
    assertThatThrownBy(h::preview).isInstanceOf(LayoutUpdateException.class);
  }

  @Test
  void anImpossibleLayoutIsRefusedWithEveryReasonAndTheStagingIsKept() {
    LayoutHistory staged =
        LayoutHistory.initial(RF3, RF3)
            .stage(assign(0, "dc1", TB), clock)
            .stage(assign(1, "dc1", TB), clock);

    assertThatThrownBy(() -> staged.apply(1, clock))
        .isInstanceOfSatisfying(
            LayoutException.class,
            e ->
                assertThat(e.errors())
                    .hasOnlyElementsOfType(LayoutError.TooFewStorageNodes.class)
                    .extracting(LayoutError::ring)
                    .containsExactlyInAnyOrder(Ring.METADATA, Ring.BLOCK));
    assertThat(staged.stagedRoles()).hasSize(2);
  }

  @Test
  void revertDropsStagedRolesAndParameters() {
    LayoutHistory staged =
        singleNode()
            .stage(assign(1, "dc2", TB), clock)
            .stageParameters(Ring.METADATA, new RingParameters(2, ZoneRedundancy.maximum()), clock);

    LayoutHistory reverted = staged.revert(clock);

    assertThat(reverted.hasStagedChanges()).isFalse();
    assertThat(reverted.stagedParameters(Ring.METADATA)).isEqualTo(RF1);
    assertThat(reverted.current()).isEqualTo(staged.current());
  }

  @Test
  void stagedParametersApplyToTheirRingOnly() {
    LayoutHistory staged =
        singleNode()
            .stage(assign(1, "dc2", TB), clock)
            .stageParameters(
                Ring.METADATA, new RingParameters(2, ZoneRedundancy.atLeast(2)), clock);

    LayoutVersion v2 = staged.apply(2, clock).history().current();

    assertThat(v2.metadataRing().replicationFactor()).isEqualTo(2);
    assertThat(v2.blockRing().replicationFactor()).isEqualTo(1);
    assertThat(v2.metadata()).isEqualTo(new RingParameters(2, ZoneRedundancy.atLeast(2)));
  }

  @Test
  void removingANodeDropsItFromTheNextVersionAndItsPartitionsMove() {
    LayoutHistory two = singleNode().stage(assign(1, "dc2", TB), clock).apply(2, clock).history();

    LayoutHistory.Applied removed =
        two.stage(Map.of(node(0), RoleChange.remove()), clock).apply(3, clock);

    assertThat(removed.history().current().roles()).containsOnlyKeys(node(1));
    assertThat(removed.history().current().blockRing().partitionCount(node(1)))
        .isEqualTo(Partition.COUNT);
    assertThat(removed.change().statistics(Ring.BLOCK).newCopies())
        .isEqualTo(two.current().blockRing().partitionCount(node(0)));
  }

  @Test
  void stagingTheSameNodeAgainReplacesTheChangeEvenWithAClockGoingBack() {
    InstantSource backwards = () -> Instant.ofEpochMilli(5);
    LayoutHistory h =
        singleNode()
            .stage(assign(1, "dc2", TB), clock)
            .stage(Map.of(node(1), RoleChange.assign(NodeRole.gateway("dc2"))), backwards);

    assertThat(h.stagedRoles())
        .containsExactly(Map.entry(node(1), RoleChange.assign(NodeRole.gateway("dc2"))));
  }

  @Test
  void changesStagedOnTwoReplicasMergeAndARevertWinsOverEarlierOnes() {
    LayoutHistory base = singleNode();
    LayoutHistory a = base.stage(assign(1, "dc2", TB), clock);
    LayoutHistory b = base.stage(assign(2, "dc3", TB), clock);

    assertThat(a.merge(b).stagedRoles()).containsOnlyKeys(node(1), node(2));

    LayoutHistory revertedOnB = b.revert(clock);
    assertThat(a.merge(revertedOnB).stagedRoles()).isEmpty();
    assertThat(revertedOnB.merge(a).stagedRoles()).isEmpty();
  }

  @Test
  void previousVersionsStayActiveUntilEveryNodeReadsFromTheNewOne() {
    LayoutHistory h = singleNode().stage(assign(1, "dc2", TB), clock).apply(2, clock).history();
    assertThat(h.activeVersions()).extracting(LayoutVersion::version).containsExactly(1L, 2L);

    LayoutHistory oneSynced =
        h.withTrackers(UpdateTrackers.empty().raise(Tracker.SYNC_ACK, node(0), 2));
    assertThat(oneSynced.activeVersions()).hasSize(2);

    LayoutHistory allSynced =
        oneSynced.withTrackers(UpdateTrackers.empty().raise(Tracker.SYNC_ACK, node(1), 2));
    assertThat(allSynced.activeVersions()).extracting(LayoutVersion::version).containsExactly(2L);
    assertThat(allSynced.retiredVersions()).extracting(LayoutVersion::version).containsExactly(1L);
  }

  @Test
  void atMostFiveRetiredVersionsAreKept() {
    LayoutHistory h = singleNode();
    for (int v = 2; v <= 9; v++) {
      h = h.stage(assign(v, "dc" + v, TB), clock).apply(v, clock).history();
      h =
          h.withTrackers(
              UpdateTrackers.empty().raise(Tracker.SYNC_ACK, h.current().roles().keySet(), v));
    }

    assertThat(h.activeVersions()).extracting(LayoutVersion::version).containsExactly(9L);
    assertThat(h.retiredVersions())
        .extracting(LayoutVersion::version)
        .containsExactly(4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void unrecordedTrackersReadAsTheOldestActiveVersion() {
    LayoutHistory h = singleNode().stage(assign(1, "dc2", TB), clock).apply(2, clock).history();
    LayoutHistory acked = h.withTrackers(UpdateTrackers.empty().raise(Tracker.ACK, node(1), 2));

    assertThat(h.tracker(Tracker.ACK, node(0))).isEqualTo(1);
    assertThat(acked.tracker(Tracker.ACK, node(1))).isEqualTo(2);
    assertThat(acked.minAmong(Tracker.ACK, acked.activeNodes())).isEqualTo(1);
    assertThat(acked.activeNodes()).containsExactly(node(0), node(1));
  }

  @Test
  void trackersOnlyGoUp() {
    UpdateTrackers t =
        UpdateTrackers.empty()
            .raise(Tracker.SYNC, List.of(node(0), node(1)), 4)
            .raise(Tracker.SYNC, node(0), 2);

    assertThat(t.sync()).containsEntry(node(0), 4L).containsEntry(node(1), 4L);
    assertThat(t.merge(UpdateTrackers.empty().raise(Tracker.SYNC, node(1), 7)).sync())
        .containsEntry(node(1), 7L);
  }
}
