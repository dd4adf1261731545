package dev.remise.layout;

import static dev.remise.layout.Clusters.TB;
import static dev.remise.layout.Clusters.blockNodes;
import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker finds each way a ring can break its promises. */
class LayoutCheckerTest {
  private static final RingParameters RF2 = new RingParameters(2, ZoneRedundancy.maximum());
  // Nodes 0 and 1 share zone a; 2 is in b, 3 in c.
  private static final Map<NodeId, NodeRole> ROLES =
      blockNodes(new String[] {"a", "a", "b", "c"}, new long[] {TB, TB, TB, TB});
  private static final RingLayout VALID =
      LayoutComputer.computeRing(Ring.BLOCK, 1, ROLES, RF2, null).layout();

  private static RingLayout withEntries(byte[] entries) {
    return new RingLayout(
        Ring.BLOCK, VALID.nodes(), 2, VALID.zoneRedundancy(), VALID.partitionSize(), entries);
  }

  private static RingLayout withSize(long size) {
    return new RingLayout(
        Ring.BLOCK, VALID.nodes(), 2, VALID.zoneRedundancy(), size, VALID.assignment());
  }

  @Test
  void aComputedRingIsValid() {
    assertThat(LayoutChecker.check(VALID, ROLES, RF2)).isEmpty();
  }

  @Test
  void aPartitionOnTheSameNodeTwiceIsReported() {
    byte[] entries = VALID.assignment();
    entries[1] = entries[0];

    assertThat(LayoutChecker.check(withEntries(entries), ROLES, RF2))
        .contains("block ring: partition 0 is on 1 distinct nodes, not 2");
  }

  @Test
  void aPartitionInTooFewZonesIsReported() {
    byte[] entries = VALID.assignment();
    entries[0] = 0;
    entries[1] = 1;

    assertThat(LayoutChecker.check(withEntries(entries), ROLES, RF2))
        .contains("block ring: partition 0 is in 1 zone(s), fewer than the zone redundancy 2");
  }

  @Test
  void aPartitionSizeBelowTheOptimumIsReported() {
    assertThat(LayoutChecker.check(withSize(VALID.partitionSize() - 1), ROLES, RF2))
        .containsExactly(
            "block ring: partition size is %d bytes, the optimum is %d"
                .formatted(VALID.partitionSize() - 1, VALID.partitionSize()));
  }

  @Test
  void aNodeHoldingMoreThanItsCapacityIsReported() {
    List<String> violations = LayoutChecker.check(withSize(TB), ROLES, RF2);

    assertThat(violations)
        .anySatisfy(v -> assertThat(v).contains("more than its capacity of " + TB + " bytes"));
  }

  @Test
  void aRingListingOtherNodesThanThoseServingItIsReported() {
    Map<NodeId, NodeRole> oneLess = new LinkedHashMap<>(ROLES);
    oneLess.put(node(3), NodeRole.storage("c", TB, Ring.METADATA));

    assertThat(LayoutChecker.check(VALID, oneLess, RF2))
        .containsExactly(
            "block ring does not list exactly the storage nodes serving it, sorted by id");
  }

  @Test
  void anotherReplicationFactorIsReported() {
    assertThat(LayoutChecker.check(VALID, ROLES, RingParameters.defaults()))
        .containsExactly("block ring has replication factor 2, its parameters say 3");
  }

  @Test
  void anEmptyRingIsValidOnlyWhileNoNodeServesIt() {
    RingLayout empty = RingLayout.empty(Ring.BLOCK, 2);

    assertThat(LayoutChecker.check(empty, Map.of(), RF2)).isEmpty();
    assertThat(LayoutChecker.check(empty, ROLES, RF2))
        .containsExactly("block ring is empty although 4 nodes serve it");
  }
}
