package dev.remise.layout;

import static dev.remise.layout.Clusters.TB;
import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two rings, one version number. */
class LayoutVersionTest {
  private static final RingParameters METADATA = new RingParameters(3, ZoneRedundancy.maximum());
  private static final RingParameters BLOCK = new RingParameters(2, ZoneRedundancy.atLeast(2));

  // Nodes 0-2 serve both rings, 3 only metadata, 4 only blocks, 5 is a gateway.
  private static Map<NodeId, NodeRole> roles() {
    return Clusters.roles(
        NodeRole.storage("a", TB),
        NodeRole.storage("b", TB),
        NodeRole.storage("c", TB),
        NodeRole.storage("d", TB, Ring.METADATA),
        NodeRole.storage("d", 2 * TB, Ring.BLOCK),
        NodeRole.gateway("e"));
  }

  @Test
  void eachRingIsComputedOverTheNodesServingItUnderItsOwnParameters() {
    LayoutVersion v1 = LayoutComputer.computeVersion(null, roles(), METADATA, BLOCK);

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.metadataRing().nodes()).containsExactly(node(0), node(1), node(2), node(3));
    assertThat(v1.blockRing().nodes()).containsExactly(node(0), node(1), node(2), node(4));
    assertThat(v1.metadataRing().replicationFactor()).isEqualTo(3);
    assertThat(v1.blockRing().replicationFactor()).isEqualTo(2);
    assertThat(v1.roles()).containsKey(node(5));
    for (Ring ring : Ring.values()) {
      assertThat(LayoutChecker.check(v1.ring(ring), v1.roles(), v1.parameters(ring))).isEmpty();
    }
  }

  @Test
  void theNextVersionIsNumberedOneUpAndKeepsWhatItCan() {
    LayoutVersion v1 = LayoutComputer.computeVersion(null, roles(), METADATA, BLOCK);
    Map<NodeId, NodeRole> changed = new LinkedHashMap<>(roles());
    changed.put(node(6), NodeRole.gateway("f"));

    LayoutVersion v2 = LayoutComputer.computeVersion(v1, changed, METADATA, BLOCK);

    // A gateway changes no ring: with the previous rings kept as far as possible, nothing moves.
    assertThat(v2.version()).isEqualTo(2);
    assertThat(LayoutStatistics.of(v1.blockRing(), v2.blockRing(), changed).newCopies()).isZero();
    assertThat(LayoutStatistics.of(v1.metadataRing(), v2.metadataRing(), changed).newCopies())
        .isZero();
  }

  @Test
  void theInitialVersionHasEmptyRingsAndIsFollowedByVersionOne() {
    LayoutVersion v0 = LayoutVersion.initial(METADATA, BLOCK);

    LayoutVersion v1 = LayoutComputer.computeVersion(v0, roles(), METADATA, BLOCK);

    assertThat(v0.version()).isZero();
    assertThat(v0.metadataRing().isEmpty()).isTrue();
    assertThat(v0.blockRing().nodesOf(0)).isEmpty();
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1).isEqualTo(LayoutComputer.computeVersion(null, roles(), METADATA, BLOCK));
  }

  @Test
  void rolesAreKeptSortedById() {
    Map<NodeId, NodeRole> reversed = new LinkedHashMap<>();
    reversed.put(node(2), NodeRole.storage("c", TB));
    reversed.put(node(1), NodeRole.storage("b", TB));
    reversed.put(node(0), NodeRole.storage("a", TB));

    LayoutVersion v = LayoutComputer.computeVersion(null, reversed, METADATA, METADATA);

    assertThat(v.roles().keySet()).containsExactly(node(0), node(1), node(2));
  }
}
