package dev.remise.replication;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutVersion;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Where data blocks live on the block ring (garage-internals §2.3, pitfall 3). Blocks differ from
 * table entries: a block is written to the current version's nodes only, and resync moves it when
 * the layout changes, so a reader must look in every version that may still hold it. Their
 * block_ref entries, on the other hand, are a table like any other ({@link #refWriteSets}): they
 * reach every active version, which is how a new holder learns it needs a block.
 */
public final class BlockPlacement {
  private static final Replication.Sharded BLOCK_RING = new Replication.Sharded(Ring.BLOCK);

  private BlockPlacement() {}

  /** The nodes a new block goes to, and how many must store it before the write succeeds. */
  public static WriteSet blockWriteSet(LayoutView view, Hash hash) {
    RingLayout ring = view.history().current().blockRing();
    if (ring.isEmpty()) {
      throw new NoStorageNodesException(
          "the block ring of layout version %d has no node: apply a layout with storage nodes first"
              .formatted(view.currentVersion()));
    }
    return new WriteSet(
        ring.nodesOf(hash.partition().index()), view.mode().writeQuorum(ring.replicationFactor()));
  }

  /** The write sets of a block_ref entry of {@code hash}: one per active version, as any table. */
  public static WriteSets refWriteSets(LayoutView view, Hash hash) {
    return BLOCK_RING.writeSets(view, hash);
  }

  /** The nodes that hold {@code hash}'s partition in the current version (resync's target set). */
  public static List<NodeId> currentNodes(LayoutHistory history, Hash hash) {
    RingLayout ring = history.current().blockRing();
    return ring.isEmpty() ? List.of() : ring.nodesOf(hash.partition().index());
  }

  /**
   * Every node that stores the block_ref entries of {@code partition} in some active version: the
   * peers its anti-entropy talks to.
   */
  public static List<NodeId> refStorageNodes(LayoutView view, int partition) {
    return BLOCK_RING.storageNodes(view, partition);
  }

  /**
   * The order to ask nodes for a block: the active versions interleaved (the i-th preferred node of
   * each, oldest version first, since an unfinished transition leaves most blocks on the old
   * nodes), then the retired versions' nodes, newest first. Within a version, {@code self} first,
   * then nodes of its zone, then the rest in ring order.
   */
  public static List<NodeId> readOrder(LayoutHistory history, Hash hash, Optional<NodeId> self) {
    return readOrder(history, hash, self, n -> 0);
  }

  /**
   * {@link #readOrder(LayoutHistory, Hash, Optional)} with Garage's last tie-break: within each
   * version, after self and its zone, nodes with a lower {@code latency} (an average round trip;
   * Garage counts an unknown one as 10 s) come first.
   */
  public static List<NodeId> readOrder(
      LayoutHistory history, Hash hash, Optional<NodeId> self, ToLongFunction<NodeId> latency) {
    int partition = hash.partition().index();
    Optional<String> zone =
        self.flatMap(s -> Optional.ofNullable(history.current().roles().get(s)))
            .map(NodeRole::zone);
    List<List<NodeId>> active = new ArrayList<>();
    for (LayoutVersion v : history.activeVersions()) {
      if (!v.blockRing().isEmpty()) {
        active.add(preferred(v, v.blockRing().nodesOf(partition), self, zone, latency));
      }
    }
    Set<NodeId> order = new LinkedHashSet<>();
    int longest = active.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<NodeId> nodes : active) {
        if (i < nodes.size()) {
          order.add(nodes.get(i));
        }
      }
    }
    List<LayoutVersion> retired = history.retiredVersions();
    for (int i = retired.size() - 1; i >= 0; i--) {
      LayoutVersion v = retired.get(i);
      if (!v.blockRing().isEmpty()) {
        order.addAll(preferred(v, v.blockRing().nodesOf(partition), self, zone, latency));
      }
    }
    return List.copyOf(order);
  }

  private static List<NodeId> preferred(
      LayoutVersion version,
      List<NodeId> nodes,
      Optional<NodeId> self,
      Optional<String> zone,
      ToLongFunction<NodeId> latency) {
    List<NodeId> first = new ArrayList<>();
    List<NodeId> sameZone = new ArrayList<>();
    List<NodeId> rest = new ArrayList<>();
    for (NodeId n : nodes) {
      NodeRole role = version.roles().get(n);
      if (self.isPresent() && self.get().equals(n)) {
        first.add(n);
      } else if (zone.isPresent() && role != null && role.zone().equals(zone.get())) {
        sameZone.add(n);
      } else {
        rest.add(n);
      }
    }
    // Stable sorts: equal latencies keep the ring order.
    Comparator<NodeId> faster = Comparator.comparingLong(latency);
    sameZone.sort(faster);
    rest.sort(faster);
    first.addAll(sameZone);
    first.addAll(rest);
    return first;
  }
}
