package dev.remise.layout;

import dev.remise.core.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Node ids, role maps and generated clusters for the layout tests. */
final class Clusters {
  static final long GB = 1_000_000_000L;
  static final long TB = 1_000 * GB;

  private Clusters() {}

  /** A readable id: {@code i} in the last bytes, so ids sort as their numbers. */
  static NodeId node(int i) {
    return NodeId.fromHex("%064x".formatted(i));
  }

  /** Roles of nodes 0, 1, 2, ... in the given order. */
  static Map<NodeId, NodeRole> roles(NodeRole... roles) {
    return roles(List.of(roles));
  }

  static Map<NodeId, NodeRole> roles(List<NodeRole> roles) {
    Map<NodeId, NodeRole> byId = new LinkedHashMap<>();
    for (int i = 0; i < roles.size(); i++) {
      byId.put(node(i), roles.get(i));
    }
    return byId;
  }

  /** Storage nodes of the block ring, one per (zone, capacity) pair. */
  static Map<NodeId, NodeRole> blockNodes(String[] zones, long[] capacities) {
    List<NodeRole> roles = new ArrayList<>();
    for (int i = 0; i < zones.length; i++) {
      roles.add(NodeRole.storage(zones[i], capacities[i], Ring.BLOCK));
    }
    return roles(roles);
  }

  /** A generated cluster: node roles and the block ring's parameters. */
  record Cluster(List<NodeRole> nodeRoles, RingParameters parameters) {
    Map<NodeId, NodeRole> roles() {
      return Clusters.roles(nodeRoles);
    }

    int storageNodes() {
      return (int) nodeRoles.stream().filter(r -> r.serves(Ring.BLOCK)).count();
    }

    int storageZones() {
      return (int)
          nodeRoles.stream()
              .filter(r -> r.serves(Ring.BLOCK))
              .map(NodeRole::zone)
              .distinct()
              .count();
    }

    Cluster with(NodeRole extra) {
      List<NodeRole> more = new ArrayList<>(nodeRoles);
      more.add(extra);
      return new Cluster(more, parameters);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("Cluster[" + parameters + "\n");
      for (int i = 0; i < nodeRoles.size(); i++) {
        NodeRole r = nodeRoles.get(i);
        s.append("  ").append(i).append(' ').append(r.zone()).append(' ');
        s.append(r.capacity().isPresent() ? r.capacity().getAsLong() : "gateway");
        s.append(' ').append(r.rings()).append('\n');
      }
      return s.append(']').toString();
    }
  }

  /**
   * 1 to {@code maxNodes} nodes in 1 to 6 zones, RF 1 to 5, capacities from 1 GB to 1 TB (a 1000×
   * spread), about one node in ten a gateway and one in ten serving only the metadata ring (so
   * absent from the block ring), zone redundancy "maximum" or a number up to RF.
   */
  static Arbitrary<Cluster> clusters(int maxNodes) {
    // Sizes and parameters drawn uniformly (jqwik would favour tiny lists and edge cases).
    Arbitrary<Integer> nodes = Arbitraries.integers().between(1, maxNodes).withoutEdgeCases();
    Arbitrary<Integer> rf = Arbitraries.integers().between(1, 5).withoutEdgeCases();
    Arbitrary<Integer> zones = Arbitraries.integers().between(1, 6).withoutEdgeCases();
    return Combinators.combine(nodes, rf, zones)
        .flatAs(
            (n, r, z) ->
                Combinators.combine(nodeRoles(z).list().ofSize(n), redundancy(r))
                    .as((roles, zr) -> new Cluster(roles, new RingParameters(r, zr))))
        .withoutEdgeCases();
  }

  /** A storage node of the block ring in one of {@code zones} zones. */
  static Arbitrary<NodeRole> blockNode(int zones) {
    return Combinators.combine(
            Arbitraries.integers().between(0, zones - 1), Arbitraries.longs().between(1, 1000))
        .as((z, c) -> NodeRole.storage("dc" + z, c * GB, Ring.BLOCK));
  }

  private static Arbitrary<NodeRole> nodeRoles(int zones) {
    Arbitrary<String> zone = Arbitraries.integers().between(0, zones - 1).map(z -> "dc" + z);
    Arbitrary<Long> capacity =
        Arbitraries.longs().between(1, 1000).withoutEdgeCases().map(c -> c * GB);
    return Arbitraries.frequencyOf(
        Tuple.of(8, blockNode(zones)),
        Tuple.of(
            1,
            Combinators.combine(zone, capacity)
                .as((z, c) -> NodeRole.storage(z, c, Ring.METADATA, Ring.BLOCK))),
        Tuple.of(
            1,
            Combinators.combine(zone, capacity)
                .as((z, c) -> NodeRole.storage(z, c, Ring.METADATA))),
        Tuple.of(1, zone.map(NodeRole::gateway)));
  }

  private static Arbitrary<ZoneRedundancy> redundancy(int rf) {
    return Arbitraries.oneOf(
        Arbitraries.just(ZoneRedundancy.maximum()),
        Arbitraries.integers().between(1, rf).map(ZoneRedundancy::atLeast));
  }
}
