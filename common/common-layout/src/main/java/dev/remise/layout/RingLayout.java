package dev.remise.layout;

import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One ring of a layout version: for each of the 256 partitions, the RF storage nodes that hold it.
 *
 * <p>As in Garage, the ring is {@code 256 × RF} one-byte indices into {@code nodes}, the ring's
 * storage nodes sorted by id; entries {@code [p × RF, (p + 1) × RF)} are partition p's holders. The
 * order within a partition is by zone, not a preference: requests pick nodes by latency at call
 * time. An empty ring (no entries) is the state before the first layout is applied.
 *
 * @param ring which ring this is
 * @param nodes the ring's storage nodes, sorted by id; ring entries index this list
 * @param replicationFactor copies of each partition
 * @param zoneRedundancy the effective zone redundancy the ring was computed with
 * @param partitionSize bytes of one partition copy, the largest the capacities allow
 * @param assignment {@code 256 × replicationFactor} unsigned node indices, or none
 */
public record RingLayout(
    Ring ring,
    List<NodeId> nodes,
    int replicationFactor,
    int zoneRedundancy,
    long partitionSize,
    byte[] assignment) {

  public RingLayout {
    nodes = List.copyOf(nodes);
    assignment = assignment.clone();
    if (nodes.size() > RingTopology.MAX_NODES) {
      throw new IllegalArgumentException("a ring indexes at most 256 nodes, got " + nodes.size());
    }
    if (replicationFactor < 1 || zoneRedundancy < 0 || partitionSize < 0) {
      throw new IllegalArgumentException("negative or zero ring parameters");
    }
    if (assignment.length != 0 && assignment.length != Partition.COUNT * replicationFactor) {
      throw new IllegalArgumentException(
          "a ring has 256 × RF = %d entries, got %d"
              .formatted(Partition.COUNT * replicationFactor, assignment.length));
    }
    for (byte entry : assignment) {
      if (Byte.toUnsignedInt(entry) >= nodes.size()) {
        throw new IllegalArgumentException(
            "ring entry " + Byte.toUnsignedInt(entry) + " has no node");
      }
    }
  }

  /** The ring before any layout is applied: no node holds anything. */
  public static RingLayout empty(Ring ring, int replicationFactor) {
    return new RingLayout(ring, List.of(), replicationFactor, 0, 0, new byte[0]);
  }

  public boolean isEmpty() {
    return assignment.length == 0;
  }

  /** Copy of the raw entries. */
  @Override
  public byte[] assignment() {
    return assignment.clone();
  }

  /** Index into {@link #nodes()} of the {@code copy}-th holder of {@code partition}. */
  public int nodeIndex(int partition, int copy) {
    return Byte.toUnsignedInt(assignment[partition * replicationFactor + copy]);
  }

  /** The RF nodes holding {@code partition}; empty while the ring is empty. */
  public List<NodeId> nodesOf(int partition) {
    if (isEmpty()) {
      return List.of();
    }
    Objects.checkIndex(partition, Partition.COUNT);
    NodeId[] holders = new NodeId[replicationFactor];
    for (int c = 0; c < replicationFactor; c++) {
      holders[c] = nodes.get(nodeIndex(partition, c));
    }
    return List.of(holders);
  }

  public List<NodeId> nodesOf(Partition partition) {
    return nodesOf(partition.index());
  }

  /** Partitions held by each of the ring's nodes, in ring order (zero for a node holding none). */
  public Map<NodeId, Integer> partitionCounts() {
    int[] counts = new int[nodes.size()];
    for (byte entry : assignment) {
      counts[Byte.toUnsignedInt(entry)]++;
    }
    Map<NodeId, Integer> byNode = new LinkedHashMap<>();
    for (int n = 0; n < counts.length; n++) {
      byNode.put(nodes.get(n), counts[n]);
    }
    return Collections.unmodifiableMap(byNode);
  }

  public int partitionCount(NodeId node) {
    return partitionCounts().getOrDefault(node, 0);
  }

  /** Bytes of {@code node}'s capacity this ring uses: its partitions × the partition size. */
  public long usableCapacity(NodeId node) {
    return partitionCount(node) * partitionSize;
  }

  /** Whether {@code node} holds {@code partition}. */
  public boolean holds(int partition, NodeId node) {
    return !isEmpty() && nodesOf(partition).contains(node);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RingLayout r
        && ring == r.ring
        && nodes.equals(r.nodes)
        && replicationFactor == r.replicationFactor
        && zoneRedundancy == r.zoneRedundancy
        && partitionSize == r.partitionSize
        && Arrays.equals(assignment, r.assignment);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(ring, nodes, replicationFactor, zoneRedundancy, partitionSize)
        + Arrays.hashCode(assignment);
  }

  @Override
  public String toString() {
    return "RingLayout[%s, %d nodes, RF %d, zones >= %d, partition size %d]"
        .formatted(ring.label(), nodes.size(), replicationFactor, zoneRedundancy, partitionSize);
  }
}
