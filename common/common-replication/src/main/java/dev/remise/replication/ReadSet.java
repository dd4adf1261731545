package dev.remise.replication;

import dev.remise.core.NodeId;
import java.util.List;

/**
 * Where a read goes: the nodes of the read version that hold the partition, and how many of them
 * must answer. The caller asks {@code quorum} nodes first and the next one after each failure.
 */
public record ReadSet(List<NodeId> nodes, int quorum) {
  public ReadSet {
    nodes = List.copyOf(nodes);
    if (quorum < 1 || quorum > nodes.size()) {
      throw new IllegalArgumentException(
          "a read quorum of %d cannot be met by %d nodes".formatted(quorum, nodes.size()));
    }
  }
}
