package dev.remise.layout;

import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Validates a ring against the roles and parameters it claims to implement, as Garage's {@code
 * check()} does for every layout computed or received: the ring's nodes are exactly the storage
 * nodes serving it, every partition has RF distinct nodes spread over at least the effective zone
 * redundancy's zones, no node holds more than its capacity allows, and the partition size is the
 * largest feasible one (recomputed by the same bisection, which does not depend on the shuffle).
 *
 * <p>It checks what the ring promises, not how it was found: it cannot tell whether the fewest
 * copies were moved, which depends on the previous ring.
 */
public final class LayoutChecker {
  private LayoutChecker() {}

  /**
   * Every violation of both rings of {@code version}, each naming the version and ring; empty when
   * the version is valid. This is the gate a layout received from another replica passes before it
   * is merged: a version computed by a buggy or hostile peer must not steer where data goes.
   */
  public static List<String> check(LayoutVersion version) {
    List<String> violations = new ArrayList<>();
    for (Ring ring : Ring.values()) {
      for (String v : check(version.ring(ring), version.roles(), version.parameters(ring))) {
        violations.add("version " + version.version() + ": " + v);
      }
    }
    return violations;
  }

  /** Every violation found, each as a sentence; empty when the ring is valid. */
  public static List<String> check(
      RingLayout layout, Map<NodeId, NodeRole> roles, RingParameters parameters) {
    List<String> violations = new ArrayList<>();
    RingTopology topology = RingTopology.of(layout.ring(), roles, parameters);
    String ring = layout.ring().label() + " ring";
    if (layout.isEmpty()) {
      if (topology.nodeCount() > 0) {
        violations.add(ring + " is empty although " + topology.nodeCount() + " nodes serve it");
      }
      return violations;
    }
    if (layout.replicationFactor() != topology.replicationFactor) {
      violations.add(
          "%s has replication factor %d, its parameters say %d"
              .formatted(ring, layout.replicationFactor(), topology.replicationFactor));
      return violations;
    }
    if (!layout.nodes().equals(topology.nodes)) {
      violations.add(ring + " does not list exactly the storage nodes serving it, sorted by id");
      return violations;
    }
    for (LayoutError problem : topology.problems()) {
      violations.add(problem.message());
    }
    if (layout.zoneRedundancy() != topology.zoneRedundancy) {
      violations.add(
          "%s records zone redundancy %d, its parameters give %d"
              .formatted(ring, layout.zoneRedundancy(), topology.zoneRedundancy));
    }
    checkPartitions(layout, topology, ring, violations);
    checkCapacities(layout, topology, ring, violations);
    checkPartitionSize(layout, topology, ring, violations);
    return violations;
  }

  private static void checkPartitions(
      RingLayout layout, RingTopology topology, String ring, List<String> violations) {
    for (int p = 0; p < Partition.COUNT; p++) {
      Set<Integer> holders = new HashSet<>();
      Set<Integer> zones = new HashSet<>();
      for (int c = 0; c < layout.replicationFactor(); c++) {
        int n = layout.nodeIndex(p, c);
        holders.add(n);
        zones.add(topology.zoneOf[n]);
      }
      if (holders.size() != layout.replicationFactor()) {
        violations.add(
            "%s: partition %d is on %d distinct nodes, not %d"
                .formatted(ring, p, holders.size(), layout.replicationFactor()));
      }
      if (zones.size() < topology.zoneRedundancy) {
        violations.add(
            "%s: partition %d is in %d zone(s), fewer than the zone redundancy %d"
                .formatted(ring, p, zones.size(), topology.zoneRedundancy));
      }
    }
  }

  private static void checkCapacities(
      RingLayout layout, RingTopology topology, String ring, List<String> violations) {
    int[] held = new int[topology.nodeCount()];
    for (int p = 0; p < Partition.COUNT; p++) {
      for (int c = 0; c < layout.replicationFactor(); c++) {
        held[layout.nodeIndex(p, c)]++;
      }
    }
    for (int n = 0; n < held.length; n++) {
      // Multiply in the other direction than the computation (which divides) to catch rounding.
      if (held[n] * layout.partitionSize() > topology.capacities[n]) {
        violations.add(
            "%s: node %s holds %d partitions of %d bytes, more than its capacity of %d bytes"
                .formatted(
                    ring,
                    topology.nodes.get(n).shortHex(),
                    held[n],
                    layout.partitionSize(),
                    topology.capacities[n]));
      }
    }
  }

  private static void checkPartitionSize(
      RingLayout layout, RingTopology topology, String ring, List<String> violations) {
    if (!topology.problems().isEmpty()) {
      return;
    }
    // The shuffle changes which flow is found, never whether one exists: any seed will do.
    AssignmentGraph graph = new AssignmentGraph(topology, Partition.COUNT, new SeededShuffle(0));
    OptionalLong optimal = PartitionSizeSearch.optimalPartitionSize(graph, topology);
    if (optimal.isEmpty()) {
      violations.add(ring + ": the capacities cannot hold partitions of even one byte");
    } else if (optimal.getAsLong() != layout.partitionSize()) {
      violations.add(
          "%s: partition size is %d bytes, the optimum is %d"
              .formatted(ring, layout.partitionSize(), optimal.getAsLong()));
    }
  }
}
