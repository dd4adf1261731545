package dev.remise.replication;

import dev.remise.core.NodeId;
import java.util.List;

/**
 * The nodes one layout version places a partition on, and how many of them a write must reach.
 *
 * @param nodes distinct nodes, in the ring's order
 * @param quorum successes needed in this set, between 1 and the set's size
 */
public record WriteSet(List<NodeId> nodes, int quorum) {
  public WriteSet {
    nodes = List.copyOf(nodes);
    if (nodes.stream().distinct().count() != nodes.size()) {
      throw new IllegalArgumentException("a write set names a node twice: " + nodes);
    }
    if (quorum < 1 || quorum > nodes.size()) {
      throw new IllegalArgumentException(
          "a quorum of %d cannot be met by %d nodes".formatted(quorum, nodes.size()));
    }
  }
}
