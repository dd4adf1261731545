package dev.remise.layout;

import static dev.remise.layout.Clusters.GB;
import static dev.remise.layout.Clusters.TB;
import static dev.remise.layout.Clusters.blockNodes;
import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.remise.core.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rings whose numbers can be worked out by hand; each test says how. */
class LayoutComputerTest {
  private static final RingParameters RF3 = new RingParameters(3, ZoneRedundancy.maximum());

  private static RingComputation block(Map<NodeId, NodeRole> roles, RingParameters parameters) {
    return LayoutComputer.computeRing(Ring.BLOCK, 1, roles, parameters, null);
  }

  private static RingComputation next(
      Map<NodeId, NodeRole> roles, RingParameters parameters, RingLayout previous) {
    return LayoutComputer.computeRing(Ring.BLOCK, 2, roles, parameters, previous);
  }

  @Test
  void threeEqualNodesInThreeZonesAtRf3EachHoldEveryPartition() {
    Map<NodeId, NodeRole> roles = blockNodes(new String[] {"a", "b", "c"}, new long[] {TB, TB, TB});

    RingLayout ring = block(roles, RF3).layout();

    // Every partition needs all three nodes, so each holds 256 partitions of capacity / 256.
    assertThat(ring.partitionSize()).isEqualTo(TB / 256).isEqualTo(3_906_250_000L);
    assertThat(ring.partitionCounts().values()).containsExactly(256, 256, 256);
    assertThat(ring.zoneRedundancy()).isEqualTo(3);
    assertThat(LayoutChecker.check(ring, roles, RF3)).isEmpty();
  }

  @Test
  void theSmallestNodeLimitsThePartitionSizeWhenEveryNodeHoldsEverything() {
    // Garage's first test scenario: 4000, 1000 and 2000 bytes in three zones at RF 3.
    Map<NodeId, NodeRole> roles =
        blockNodes(new String[] {"A", "B", "C"}, new long[] {4000, 1000, 2000});

    RingLayout ring = block(roles, RF3).layout();

    // The 1000-byte node holds all 256 partitions: 1000 / 256 = 3.9, so 3 bytes.
    assertThat(ring.partitionSize()).isEqualTo(3);
  }

  @Test
  void aNodeBiggerThanTheRestHoldsEveryPartitionOnce() {
    Map<NodeId, NodeRole> roles =
        blockNodes(new String[] {"a", "a", "a"}, new long[] {1000 * GB, 1000 * GB, 2000 * GB});
    RingParameters rf2 = new RingParameters(2, ZoneRedundancy.atLeast(1));

    RingLayout ring = block(roles, rf2).layout();

    // 512 copies; the big node can hold each partition only once (256), the two others share the
    // remaining 256: 128 each, so the size is 1000 GB / 128 = 7.8125 GB. One byte more and the
    // big node holds 255 and the others 127 each: 509 < 512.
    assertThat(ring.partitionSize()).isEqualTo(7_812_500_000L);
    assertThat(ring.partitionCounts().values()).containsExactly(128, 128, 256);
  }

  @Test
  void garagesFourthScenarioFitsPartitionsOfFortyThousandBytes() {
    // Garage's test, last step: nine nodes, zone redundancy 1, RF 3. With one zone required, only
    // distinct nodes matter, and 768 copies fit iff Σ min(256, ⌊c / s⌋) ≥ 768: at s = 40 000 it
    // is 225 + 175 + 100 + 100 + 50 + 50 + 50 + 25 + 0 = 775, at s = 40 001 it is 767.
    Map<NodeId, NodeRole> roles =
        blockNodes(
            new String[] {"A", "B", "C", "C", "C", "B", "G", "H", "I"},
            new long[] {
              4_000_000, 4_000_000, 2_000_000, 7_000_000, 1_000_000, 9_000_000, 2_000_000, 10_000,
              2_000_000
            });
    RingParameters zr1 = new RingParameters(3, ZoneRedundancy.atLeast(1));

    RingLayout ring = block(roles, zr1).layout();

    assertThat(ring.partitionSize()).isEqualTo(40_000);
    assertThat(LayoutChecker.check(ring, roles, zr1)).isEmpty();
  }

  @Test
  void oneZoneAtRf3NeedsZoneRedundancyOne() {
    Map<NodeId, NodeRole> roles = blockNodes(new String[] {"a", "a", "a"}, new long[] {TB, TB, TB});

    RingLayout atLeastOne = block(roles, new RingParameters(3, ZoneRedundancy.atLeast(1))).layout();
    RingLayout maximum = block(roles, RF3).layout();

    assertThat(atLeastOne.partitionSize()).isEqualTo(TB / 256);
    assertThat(atLeastOne.partitionCounts().values()).containsExactly(256, 256, 256);
    // "maximum" is min(1 zone, RF 3) = 1 here.
    assertThat(maximum.zoneRedundancy()).isEqualTo(1);
  }

  @Test
  void maximumCountsOnlyZonesWithStorageNodesOfTheRing() {
    // Garage would count the gateway's and the metadata node's zones too, ask for 3 zones and fail.
    Map<NodeId, NodeRole> roles =
        Clusters.roles(
            NodeRole.storage("a", TB, Ring.BLOCK),
            NodeRole.storage("a", TB, Ring.BLOCK),
            NodeRole.storage("b", TB, Ring.BLOCK),
            NodeRole.gateway("c"),
            NodeRole.storage("d", TB, Ring.METADATA));

    RingLayout ring = block(roles, RF3).layout();

    assertThat(ring.zoneRedundancy()).isEqualTo(2);
    assertThat(ring.nodes()).containsExactly(node(0), node(1), node(2));
    assertThat(LayoutChecker.check(ring, roles, RF3)).isEmpty();
  }

  @Test
  void addingANodeToAZoneThatIsNotTheBottleneckGivesItNothing() {
    Map<NodeId, NodeRole> roles = blockNodes(new String[] {"a", "b", "c"}, new long[] {TB, TB, TB});
    RingLayout before = block(roles, RF3).layout();
    Map<NodeId, NodeRole> grown = new LinkedHashMap<>(roles);
    grown.put(node(3), NodeRole.storage("a", TB, Ring.BLOCK));

    RingComputation after = next(grown, RF3, before);

    // Zones b and c still need a copy of every partition on one node: the size cannot grow, and
    // the algorithm prefers not moving data to balancing, as Garage documents.
    assertThat(after.layout().partitionSize()).isEqualTo(before.partitionSize());
    assertThat(after.layout().partitionCount(node(3))).isZero();
    assertThat(after.statistics().newCopies()).isZero();
  }

  @Test
  void addingAFifthNodeToOneZoneMovesOnlyTheCopiesItTakes() {
    Map<NodeId, NodeRole> roles =
        blockNodes(new String[] {"a", "a", "a", "a"}, new long[] {TB, TB, TB, TB});
    RingParameters zr1 = new RingParameters(3, ZoneRedundancy.atLeast(1));
    RingLayout before = block(roles, zr1).layout();
    Map<NodeId, NodeRole> grown = new LinkedHashMap<>(roles);
    grown.put(node(4), NodeRole.storage("a", TB, Ring.BLOCK));

    RingComputation after = next(grown, zr1, before);

    // Four nodes hold 768 / 4 = 192 each. With five, a node can hold at most ⌈768 / 5⌉ = 154,
    // so the size is ⌊TB / 154⌋, the old nodes keep 154 each (616 copies) and the new node takes
    // the other 152: those are the only copies that move.
    assertThat(before.partitionCounts().values()).containsOnly(192);
    assertThat(after.layout().partitionSize()).isEqualTo(TB / 154);
    assertThat(after.layout().partitionCount(node(4))).isEqualTo(152);
    assertThat(after.statistics().newCopies()).isEqualTo(152);
    assertThat(after.statistics().nodes())
        .filteredOn(s -> !s.node().equals(node(4)))
        .allSatisfy(
            s -> {
              assertThat(s.partitions()).isEqualTo(154);
              assertThat(s.newPartitions()).isZero();
            });
  }

  @Test
  void removingANodeMovesExactlyTheCopiesItHeld() {
    Map<NodeId, NodeRole> roles =
        blockNodes(new String[] {"a", "b", "c", "d"}, new long[] {TB, TB, TB, TB});
    RingLayout before = block(roles, RF3).layout();
    Map<NodeId, NodeRole> shrunk = new LinkedHashMap<>(roles);
    shrunk.remove(node(3));

    RingComputation after = next(shrunk, RF3, before);

    // Four zones at RF 3: 192 partitions each. Three zones left: every node holds all 256, so
    // each gains the 64 partitions it lacked; 3 × 64 = 192 copies, exactly what node 3 held.
    assertThat(before.partitionCount(node(3))).isEqualTo(192);
    assertThat(after.layout().partitionSize()).isEqualTo(TB / 256);
    assertThat(after.statistics().newCopies()).isEqualTo(192);
  }

  @Test
  void raisingTheReplicationFactorKeepsEveryExistingCopy() {
    Map<NodeId, NodeRole> roles = blockNodes(new String[] {"a", "b", "c"}, new long[] {TB, TB, TB});
    RingLayout rf2 = block(roles, new RingParameters(2, ZoneRedundancy.maximum())).layout();

    RingComputation rf3 = next(roles, RF3, rf2);

    // 512 copies stay; only the third copy of each partition is new.
    assertThat(rf3.statistics().newCopies()).isEqualTo(256);
  }

  @Test
  void statisticsSumPerZoneAndCountUsableCapacity() {
    Map<NodeId, NodeRole> roles =
        blockNodes(new String[] {"a", "a", "b"}, new long[] {TB, TB, 2 * TB});

    LayoutStatistics stats =
        block(roles, new RingParameters(2, ZoneRedundancy.maximum())).statistics();

    // Zone b's one node holds every partition once, zone a's two share the other copy: 128 each.
    assertThat(stats.partitionSize()).isEqualTo(TB / 128);
    assertThat(stats.zones())
        .extracting(
            LayoutStatistics.ZoneStatistics::zone, LayoutStatistics.ZoneStatistics::partitions)
        .containsExactly(tuple("a", 256), tuple("b", 256));
    assertThat(stats.zones().getFirst().distinctPartitions()).isEqualTo(256);
    assertThat(stats.nodes())
        .extracting(LayoutStatistics.NodeStatistics::usableCapacity)
        .containsExactly(128 * (TB / 128), 128 * (TB / 128), 256 * (TB / 128));
    assertThat(stats.usableCapacity()).isEqualTo(512 * (TB / 128));
    assertThat(stats.effectiveCapacity()).isEqualTo(256 * (TB / 128));
    assertThat(stats.newCopies()).isEqualTo(512);
    assertThat(stats.previousPartitionSize()).isEmpty();
  }

  @Test
  void theSameRolesInAnotherOrderGiveTheSameRing() {
    Map<NodeId, NodeRole> forward = new LinkedHashMap<>();
    Map<NodeId, NodeRole> backward = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      forward.put(node(i), NodeRole.storage("z" + i % 4, (i + 1) * TB, Ring.BLOCK));
    }
    for (int i = 11; i >= 0; i--) {
      backward.put(node(i), forward.get(node(i)));
    }

    assertThat(block(backward, RF3).layout()).isEqualTo(block(forward, RF3).layout());
  }
}
