package dev.remise.replication;

import static dev.remise.replication.QuorumTrackerTest.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Where blocks are written and in which order they are looked for. */
class BlockPlacementTest {
  private static final long TB = 1_000_000_000_000L;
  private final AtomicLong now = new AtomicLong(1_000);
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.getAndIncrement());

  private LayoutHistory add(LayoutHistory h, int node, String zone) {
    return h.stage(Map.of(node(node), RoleChange.assign(NodeRole.storage(zone, TB))), clock);
  }

  /** Nodes 1-4 at RF 3: nodes 1 and 2 share zone dc1. */
  private LayoutHistory steady() {
    LayoutHistory h = LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults());
    h = add(add(add(add(h, 1, "dc1"), 2, "dc1"), 3, "dc2"), 4, "dc3");
    return h.apply(1, clock).history();
  }

  private static Hash hash(int first) {
    byte[] b = new byte[32];
    b[0] = (byte) first;
    b[31] = 9;
    return new Hash(b);
  }

  @Test
  void blocksAreWrittenToTheCurrentVersionOnlyAndRefsToEveryActiveOne() {
    LayoutHistory v1 = steady();
    LayoutHistory v2 =
        add(v1, 5, "dc3")
            .stage(Map.of(node(4), RoleChange.remove()), clock)
            .apply(2, clock)
            .history();
    LayoutView view = LayoutView.of(v2, ConsistencyMode.CONSISTENT);
    for (int p = 0; p < 256; p++) {
      WriteSet blocks = BlockPlacement.blockWriteSet(view, hash(p));
      assertThat(blocks.nodes()).isEqualTo(v2.current().blockRing().nodesOf(p));
      assertThat(blocks.quorum()).isEqualTo(2);
      WriteSets refs = BlockPlacement.refWriteSets(view, hash(p));
      assertThat(refs.sets()).hasSize(2);
      assertThat(refs.sets().getLast().nodes()).isEqualTo(blocks.nodes());
    }
  }

  @Test
  void readOrderPutsSelfThenItsZoneFirst() {
    LayoutHistory h = steady();
    for (int p = 0; p < 256; p++) {
      List<NodeId> holders = h.current().blockRing().nodesOf(p);
      List<NodeId> order = BlockPlacement.readOrder(h, hash(p), Optional.of(node(2)));
      assertThat(order).containsExactlyInAnyOrderElementsOf(holders);
      if (holders.contains(node(2))) {
        assertThat(order.getFirst()).isEqualTo(node(2));
      } else if (holders.contains(node(1))) {
        assertThat(order.getFirst()).isEqualTo(node(1)); // node 1 shares node 2's zone
      }
    }
  }

  @Test
  void duringATransitionReadsInterleaveVersionsOldestFirst() {
    LayoutHistory v1 = steady();
    LayoutHistory v2 =
        add(v1, 5, "dc4")
            .stage(Map.of(node(4), RoleChange.remove()), clock)
            .apply(2, clock)
            .history();
    for (int p = 0; p < 256; p++) {
      List<NodeId> oldNodes = v1.current().blockRing().nodesOf(p);
      List<NodeId> newNodes = v2.current().blockRing().nodesOf(p);
      List<NodeId> order = BlockPlacement.readOrder(v2, hash(p), Optional.empty());
      assertThat(order).doesNotHaveDuplicates();
      assertThat(order).containsAll(oldNodes).containsAll(newNodes);
      assertThat(order.getFirst()).isEqualTo(oldNodes.getFirst());
    }
  }

  @Test
  void anEmptyBlockRingHasNowhereToWrite() {
    LayoutHistory empty =
        LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults());
    LayoutView view = LayoutView.of(empty, ConsistencyMode.CONSISTENT);
    assertThatThrownBy(() -> BlockPlacement.blockWriteSet(view, hash(1)))
        .isInstanceOf(NoStorageNodesException.class);
    assertThat(BlockPlacement.readOrder(empty, hash(1), Optional.empty())).isEmpty();
  }

  @Test
  void withinAGroupTheNodeWithTheLowerLatencyComesFirst() {
    LayoutHistory h = steady();
    for (int p = 0; p < 256; p++) {
      List<NodeId> holders = h.current().blockRing().nodesOf(p);
      if (!holders.contains(node(3)) || !holders.contains(node(4))) {
        continue;
      }
      // Seen from node 1 (zone dc1): nodes 3 and 4 are in other zones; 4 answers faster.
      List<NodeId> order =
          BlockPlacement.readOrder(
              h, hash(p), Optional.of(node(1)), n -> n.equals(node(4)) ? 5 : 50);
      assertThat(order.indexOf(node(4))).isLessThan(order.indexOf(node(3)));
      List<NodeId> reversed =
          BlockPlacement.readOrder(
              h, hash(p), Optional.of(node(1)), n -> n.equals(node(3)) ? 5 : 50);
      assertThat(reversed.indexOf(node(3))).isLessThan(reversed.indexOf(node(4)));
    }
  }
}
