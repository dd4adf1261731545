package dev.remise.layout;

import dev.remise.core.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage nodes of one ring as the algorithm sees them: sorted by id (their position is their
 * ring index), each with a dense zone id and a capacity, plus the effective zone redundancy. Zone
 * ids follow the order in which zones first appear among the sorted nodes, as in Garage, so the
 * same roles always give the same graph.
 */
final class RingTopology {
  /** Ring entries are one unsigned byte. */
  static final int MAX_NODES = 256;

  final Ring ring;
  final List<NodeId> nodes;
  final List<String> zones;
  final int[] zoneOf;
  final long[] capacities;
  final int replicationFactor;
  final int zoneRedundancy;
  private final ZoneRedundancy requested;

  private RingTopology(
      Ring ring,
      List<NodeId> nodes,
      List<String> zones,
      int[] zoneOf,
      long[] capacities,
      RingParameters parameters) {
    this.ring = ring;
    this.nodes = List.copyOf(nodes);
    this.zones = List.copyOf(zones);
    this.zoneOf = zoneOf;
    this.capacities = capacities;
    this.replicationFactor = parameters.replicationFactor();
    this.requested = parameters.zoneRedundancy();
    this.zoneRedundancy = requested.effective(zones.size(), replicationFactor);
  }

  static RingTopology of(Ring ring, Map<NodeId, NodeRole> roles, RingParameters parameters) {
    List<NodeId> nodes =
        roles.entrySet().stream()
            .filter(e -> e.getValue().serves(ring))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    List<String> zones = new ArrayList<>();
    Map<String, Integer> zoneIds = new HashMap<>();
    int[] zoneOf = new int[nodes.size()];
    long[] capacities = new long[nodes.size()];
    for (int n = 0; n < nodes.size(); n++) {
      NodeRole role = roles.get(nodes.get(n));
      zoneOf[n] =
          zoneIds.computeIfAbsent(
              role.zone(),
              z -> {
                zones.add(z);
                return zones.size() - 1;
              });
      capacities[n] = role.capacityOrZero();
    }
    return new RingTopology(ring, nodes, zones, zoneOf, capacities, parameters);
  }

  int nodeCount() {
    return nodes.size();
  }

  int zoneCount() {
    return zones.size();
  }

  /** Sum of the capacities, saturating rather than overflowing (it is only an upper bound). */
  long totalCapacity() {
    long total = 0;
    for (long c : capacities) {
      total = total > Long.MAX_VALUE - c ? Long.MAX_VALUE : total + c;
    }
    return total;
  }

  /**
   * What makes the ring impossible before any graph is built. An empty list does not promise a
   * layout: capacities too small for even one-byte partitions are found by the flow.
   */
  List<LayoutError> problems() {
    List<LayoutError> problems = new ArrayList<>();
    if (requested instanceof ZoneRedundancy.AtLeast(int z) && z > replicationFactor) {
      problems.add(
          new LayoutError.ZoneRedundancyAboveReplicationFactor(ring, z, replicationFactor));
    }
    if (nodes.size() > MAX_NODES) {
      problems.add(new LayoutError.TooManyStorageNodes(ring, nodes.size(), MAX_NODES));
    }
    if (nodes.size() < replicationFactor) {
      problems.add(new LayoutError.TooFewStorageNodes(ring, nodes.size(), replicationFactor));
    }
    // A redundancy above RF is already reported as such; fewer zones would only repeat it.
    if (zones.size() < zoneRedundancy && zoneRedundancy <= replicationFactor) {
      problems.add(new LayoutError.TooFewZones(ring, zones.size(), zoneRedundancy));
    }
    for (int n = 0; n < nodes.size(); n++) {
      if (capacities[n] == 0) {
        problems.add(new LayoutError.ZeroCapacity(ring, nodes.get(n)));
      }
    }
    return problems;
  }
}
