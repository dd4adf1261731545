package dev.remise.layout;

import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a ring: holders of a partition, counts per node, and its invariants. */
class RingLayoutTest {
  private static final List<NodeId> NODES = List.of(node(0), node(1), node(2));

  /** Partition p on nodes p % 3 and (p + 1) % 3. */
  private static RingLayout rotating() {
    byte[] entries = new byte[2 * Partition.COUNT];
    for (int p = 0; p < Partition.COUNT; p++) {
      entries[2 * p] = (byte) (p % 3);
      entries[2 * p + 1] = (byte) ((p + 1) % 3);
    }
    return new RingLayout(Ring.BLOCK, NODES, 2, 1, 1000, entries);
  }

  @Test
  void nodesOfAPartitionAreReadFromItsEntries() {
    RingLayout ring = rotating();

    assertThat(ring.nodesOf(4)).containsExactly(node(1), node(2));
    assertThat(ring.nodesOf(Partition.of(5))).containsExactly(node(2), node(0));
    assertThat(ring.holds(4, node(0))).isFalse();
  }

  @Test
  void partitionCountsAndUsableCapacityFollowTheEntries() {
    RingLayout ring = rotating();

    // 256 = 3 × 85 + 1: partitions 0..255 put p % 3 == 0 once more.
    assertThat(ring.partitionCounts().values()).containsExactly(171, 171, 170);
    assertThat(ring.usableCapacity(node(2))).isEqualTo(170 * 1000L);
    assertThat(ring.partitionCount(node(9))).isZero();
  }

  @Test
  void anEmptyRingHasNoHolders() {
    RingLayout empty = RingLayout.empty(Ring.METADATA, 3);

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.nodesOf(0)).isEmpty();
  }

  @Test
  void malformedRingsAreRefused() {
    assertThatThrownBy(() -> new RingLayout(Ring.BLOCK, NODES, 2, 1, 1, new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] dangling = new byte[2 * Partition.COUNT];
    dangling[0] = 3;
    assertThatThrownBy(() -> new RingLayout(Ring.BLOCK, NODES, 2, 1, 1, dangling))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ringsAreValuesAndDoNotShareTheirEntries() {
    RingLayout ring = rotating();
    byte[] leaked = ring.assignment();
    leaked[0] = 2;

    assertThat(ring).isEqualTo(rotating()).hasSameHashCodeAs(rotating());
    assertThat(ring.nodesOf(0)).containsExactly(node(0), node(1));
  }
}
