package dev.remise.layout;

import static dev.remise.layout.Clusters.TB;
import static dev.remise.layout.Clusters.blockNodes;
import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Infeasible rings are refused with errors that name the ring, the numbers and the fix. */
class LayoutErrorTest {
  private static final RingParameters RF3 = RingParameters.defaults();

  private static List<LayoutError> errorsOf(ThrowingCallable computation) {
    List<LayoutError> errors = new ArrayList<>();
    assertThatThrownBy(computation)
        .isInstanceOfSatisfying(LayoutException.class, e -> errors.addAll(e.errors()));
    return errors;
  }

  private static List<LayoutError> blockErrors(
      Map<NodeId, NodeRole> roles, RingParameters parameters) {
    return errorsOf(() -> LayoutComputer.computeRing(Ring.BLOCK, 1, roles, parameters, null));
  }

  @Test
  void fewerStorageNodesThanTheReplicationFactorIsRefused() {
    List<LayoutError> errors =
        blockErrors(blockNodes(new String[] {"a", "b"}, new long[] {TB, TB}), RF3);

    assertThat(errors).containsExactly(new LayoutError.TooFewStorageNodes(Ring.BLOCK, 2, 3));
    assertThat(errors.getFirst().message())
        .contains("block ring has 2 storage node(s)", "lower its replication factor");
  }

  @Test
  void fewerZonesThanTheZoneRedundancyIsRefused() {
    List<LayoutError> errors =
        blockErrors(
            blockNodes(new String[] {"a", "a", "b"}, new long[] {TB, TB, TB}),
            new RingParameters(3, ZoneRedundancy.atLeast(3)));

    assertThat(errors).containsExactly(new LayoutError.TooFewZones(Ring.BLOCK, 2, 3));
    assertThat(errors.getFirst().message())
        .contains("in 2 zone(s)", "add storage nodes in other zones or lower the zone redundancy");
  }

  @Test
  void aZoneRedundancyAboveTheReplicationFactorIsRefused() {
    List<LayoutError> errors =
        blockErrors(
            blockNodes(new String[] {"a", "b", "c", "d"}, new long[] {TB, TB, TB, TB}),
            new RingParameters(3, ZoneRedundancy.atLeast(4)));

    assertThat(errors)
        .containsExactly(new LayoutError.ZoneRedundancyAboveReplicationFactor(Ring.BLOCK, 4, 3));
  }

  @Test
  void aStorageNodeWithZeroCapacityIsRefused() {
    List<LayoutError> errors =
        blockErrors(blockNodes(new String[] {"a", "b", "c"}, new long[] {TB, 0, TB}), RF3);

    assertThat(errors).containsExactly(new LayoutError.ZeroCapacity(Ring.BLOCK, node(1)));
    assertThat(errors.getFirst().message()).contains(node(1).shortHex(), "make it a gateway");
  }

  @Test
  void moreThan256StorageNodesAreRefused() {
    String[] zones = new String[257];
    long[] capacities = new long[257];
    Arrays.fill(zones, "a");
    Arrays.fill(capacities, TB);

    assertThat(blockErrors(blockNodes(zones, capacities), RF3))
        .containsExactly(new LayoutError.TooManyStorageNodes(Ring.BLOCK, 257, 256));
  }

  @Test
  void capacitiesTooSmallForOneBytePartitionsAreRefused() {
    // 768 copies of one byte need 256 on each of the three nodes; they offer 100.
    List<LayoutError> errors =
        blockErrors(blockNodes(new String[] {"a", "b", "c"}, new long[] {100, 100, 100}), RF3);

    assertThat(errors).containsExactly(new LayoutError.CapacityTooSmall(Ring.BLOCK, 300, 768));
    assertThat(errors.getFirst().message()).contains("(they are in bytes)");
  }

  @Test
  void computingAVersionReportsTheProblemsOfBothRingsAtOnce() {
    Map<NodeId, NodeRole> roles =
        Clusters.roles(
            NodeRole.storage("a", TB, Ring.METADATA),
            NodeRole.storage("b", TB, Ring.BLOCK),
            NodeRole.gateway("c"));

    List<LayoutError> errors = errorsOf(() -> LayoutComputer.computeVersion(null, roles, RF3, RF3));

    assertThat(errors)
        .containsExactly(
            new LayoutError.TooFewStorageNodes(Ring.METADATA, 1, 3),
            new LayoutError.TooFewStorageNodes(Ring.BLOCK, 1, 3));
  }

  @Test
  void aLayoutExceptionNeedsAnError() {
    assertThatThrownBy(() -> new LayoutException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
