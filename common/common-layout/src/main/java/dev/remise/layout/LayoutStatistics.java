package dev.remise.layout;

import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the operator is shown about a computed ring, per zone and per node, against the ring it
 * replaces: partitions held, partitions new to each node (data to transfer), capacity and the part
 * of it the ring uses. Derived from the two rings alone, so it can be shown for any pair of
 * versions.
 *
 * @param partitionSize bytes of one partition copy in the new ring
 * @param previousPartitionSize that of the ring replaced, if there was one
 * @param nodes one row per storage node of the new ring, in ring order
 * @param zones one row per zone, in the order zones first appear among the nodes
 * @param newCopies partition copies that the new ring puts on a node that did not hold them in the
 *     previous ring, i.e. the copies to transfer; every copy when there was no previous ring
 */
public record LayoutStatistics(
    Ring ring,
    int replicationFactor,
    int zoneRedundancy,
    long partitionSize,
    OptionalLong previousPartitionSize,
    List<NodeStatistics> nodes,
    List<ZoneStatistics> zones,
    int newCopies) {

  public LayoutStatistics {
    nodes = List.copyOf(nodes);
    zones = List.copyOf(zones);
  }

  /**
   * @param partitions partitions the node holds
   * @param newPartitions of which it did not hold before
   * @param usableCapacity partitions × partition size
   */
  public record NodeStatistics(
      NodeId node,
      String zone,
      List<String> tags,
      int partitions,
      int newPartitions,
      long capacity,
      long usableCapacity) {}

  /**
   * @param partitions partition copies held in the zone
   * @param distinctPartitions partitions with at least one copy in the zone
   * @param newPartitions copies new to the zone's nodes
   */
  public record ZoneStatistics(
      String zone,
      int nodes,
      int partitions,
      int distinctPartitions,
      int newPartitions,
      long capacity,
      long usableCapacity) {}

  /** Sum of the capacities of the ring's nodes. */
  public long totalCapacity() {
    return nodes.stream().mapToLong(NodeStatistics::capacity).sum();
  }

  /** Capacity the ring uses on all nodes: partition size × 256 × RF. */
  public long usableCapacity() {
    return partitionSize * Partition.COUNT * replicationFactor;
  }

  /** What clients can store: partition size × 256, each byte being stored RF times. */
  public long effectiveCapacity() {
    return partitionSize * Partition.COUNT;
  }

  /** Compares {@code next} with the ring it replaces ({@code null} or empty for a first layout). */
  public static LayoutStatistics of(
      @Nullable RingLayout previous, RingLayout next, Map<NodeId, NodeRole> roles) {
    boolean fresh = previous == null || previous.isEmpty();
    List<NodeId> ids = next.nodes();
    int[] held = new int[ids.size()];
    int[] fresher = new int[ids.size()];
    Map<String, Set<Integer>> partitionsOfZone = new LinkedHashMap<>();
    for (NodeId id : ids) {
      partitionsOfZone.putIfAbsent(roles.get(id).zone(), new HashSet<>());
    }
    int newCopies = 0;
    for (int p = 0; p < (next.isEmpty() ? 0 : Partition.COUNT); p++) {
      Set<NodeId> before = fresh ? Set.of() : Set.copyOf(previous.nodesOf(p));
      for (int c = 0; c < next.replicationFactor(); c++) {
        int n = next.nodeIndex(p, c);
        held[n]++;
        partitionsOfZone.get(roles.get(ids.get(n)).zone()).add(p);
        if (!before.contains(ids.get(n))) {
          fresher[n]++;
          newCopies++;
        }
      }
    }
    List<NodeStatistics> nodeRows = new ArrayList<>();
    for (int n = 0; n < ids.size(); n++) {
      NodeRole role = roles.get(ids.get(n));
      nodeRows.add(
          new NodeStatistics(
              ids.get(n),
              role.zone(),
              role.tags(),
              held[n],
              fresher[n],
              role.capacityOrZero(),
              held[n] * next.partitionSize()));
    }
    List<ZoneStatistics> zoneRows = new ArrayList<>();
    for (Map.Entry<String, Set<Integer>> zone : partitionsOfZone.entrySet()) {
      List<NodeStatistics> inZone =
          nodeRows.stream().filter(r -> r.zone().equals(zone.getKey())).toList();
      zoneRows.add(
          new ZoneStatistics(
              zone.getKey(),
              inZone.size(),
              inZone.stream().mapToInt(NodeStatistics::partitions).sum(),
              zone.getValue().size(),
              inZone.stream().mapToInt(NodeStatistics::newPartitions).sum(),
              inZone.stream().mapToLong(NodeStatistics::capacity).sum(),
              inZone.stream().mapToLong(NodeStatistics::usableCapacity).sum()));
    }
    return new LayoutStatistics(
        next.ring(),
        next.replicationFactor(),
        next.zoneRedundancy(),
        next.partitionSize(),
        fresh ? OptionalLong.empty() : OptionalLong.of(previous.partitionSize()),
        nodeRows,
        zoneRows,
        newCopies);
  }
}
