package dev.remise.cli;

import dev.remise.core.Blake2;
import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import dev.remise.layout.Capacity;
import dev.remise.layout.LayoutComputer;
import dev.remise.layout.LayoutException;
import dev.remise.layout.LayoutStatistics;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingComputation;
import dev.remise.layout.RingLayout;
import dev.remise.layout.RingParameters;
import dev.remise.layout.ZoneRedundancy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The offline what-if behind {@code remise layout simulate}: one ring computed by the same
 * algorithm as the cluster's, from nodes described in JSON, optionally against an earlier result to
 * count the partition copies that would move. Node ids are free strings; each is mapped to a node
 * id by BLAKE2 of its UTF-8 bytes (the ring orders nodes by id, so the mapping decides ties the
 * same way on every run) and printed back as given.
 *
 * <p>Input: {@code {"replicationFactor": 3, "zoneRedundancy": "maximum" | n, "nodes": [{"id",
 * "zone", "capacity"}], "previous": <an earlier output>}}; capacity is bytes or a size such as
 * {@code "4T"}, null for a gateway; the replication factor defaults to 3 and the zone redundancy to
 * maximum.
 */
final class LayoutSimulation {
  private LayoutSimulation() {}

  record Node(String id, String zone, @Nullable Long capacity) {}

  record Previous(long version, List<List<String>> ring) {}

  record Input(
      int replicationFactor,
      ZoneRedundancy zoneRedundancy,
      List<Node> nodes,
      @Nullable Previous previous) {}

  /**
   * The computed ring. {@code moved} counts the partition copies placed on a node that did not hold
   * them in {@code previous}; null without one.
   */
  record Output(
      long version,
      int replicationFactor,
      int zoneRedundancy,
      long partitionSize,
      long usableCapacity,
      long effectiveCapacity,
      List<List<String>> ring,
      Map<String, Integer> partitions,
      @Nullable Integer moved) {}

  static Input parse(JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("the simulation file holds one JSON object");
    }
    int rf = 3;
    if (json.has("replicationFactor")) {
      JsonNode n = json.get("replicationFactor");
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
        throw new IllegalArgumentException("replicationFactor must be a whole number, at least 1");
      }
      rf = n.intValue();
    }
    ZoneRedundancy zr = zoneRedundancy(json.path("zoneRedundancy"));
    List<Node> nodes = new ArrayList<>();
    JsonNode list = json.path("nodes");
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("nodes must be a non-empty array of {id, zone, capacity}");
    }
    for (int i = 0; i < list.size(); i++) {
      nodes.add(node(list.get(i), "nodes[" + i + "]"));
    }
    JsonNode previous = json.path("previous");
    return new Input(
        rf, zr, nodes, previous.isMissingNode() || previous.isNull() ? null : previous(previous));
  }

  /**
   * @throws LayoutException when the nodes cannot hold the ring
   */
  static Output run(Input input) {
    Map<NodeId, String> names = new HashMap<>();
    Map<NodeId, NodeRole> roles = new TreeMap<>();
    for (Node node : input.nodes()) {
      NodeId id = idOf(node.id());
      if (names.put(id, node.id()) != null) {
        throw new IllegalArgumentException("node id \"" + node.id() + "\" appears twice");
      }
      roles.put(
          id,
          node.capacity() == null
              ? NodeRole.gateway(node.zone())
              : NodeRole.storage(node.zone(), node.capacity(), Ring.BLOCK));
    }
    RingLayout before = null;
    long version = 1;
    if (input.previous() != null) {
      before = previousRing(input.previous(), names);
      version = input.previous().version() + 1;
    }
    RingComputation computed =
        LayoutComputer.computeRing(
            Ring.BLOCK,
            version,
            roles,
            new RingParameters(input.replicationFactor(), input.zoneRedundancy()),
            before);
    RingLayout ring = computed.layout();
    LayoutStatistics statistics = computed.statistics();
    List<List<String>> partitions = new ArrayList<>();
    for (int p = 0; p < Partition.COUNT; p++) {
      partitions.add(ring.nodesOf(p).stream().map(names::get).toList());
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Node node : input.nodes()) {
      counts.put(node.id(), ring.partitionCount(idOf(node.id())));
    }
    return new Output(
        version,
        ring.replicationFactor(),
        ring.zoneRedundancy(),
        ring.partitionSize(),
        statistics.usableCapacity(),
        statistics.effectiveCapacity(),
        partitions,
        counts,
        before == null ? null : statistics.newCopies());
  }

  static NodeId idOf(String name) {
    return new NodeId(Blake2.sum(name).bytes());
  }

  /** The earlier ring over its own nodes, which may include nodes no longer listed. */
  private static RingLayout previousRing(Previous previous, Map<NodeId, String> names) {
    TreeSet<NodeId> ids = new TreeSet<>();
    for (List<String> holders : previous.ring()) {
      for (String name : holders) {
        NodeId id = idOf(name);
        ids.add(id);
        names.putIfAbsent(id, name);
      }
    }
    List<NodeId> nodes = List.copyOf(ids);
    int rf = previous.ring().getFirst().size();
    byte[] entries = new byte[Partition.COUNT * rf];
    for (int p = 0; p < Partition.COUNT; p++) {
      List<String> holders = previous.ring().get(p);
      if (holders.size() != rf) {
        throw new IllegalArgumentException(
            "previous.ring[" + p + "] has " + holders.size() + " nodes, the others " + rf);
      }
      for (int c = 0; c < rf; c++) {
        entries[p * rf + c] = (byte) nodes.indexOf(idOf(holders.get(c)));
      }
    }
    return new RingLayout(Ring.BLOCK, nodes, rf, 0, 0, entries);
  }

  private static Node node(JsonNode n, String field) {
    String id = text(n.path("id"), field + ".id");
    String zone = text(n.path("zone"), field + ".zone");
    JsonNode c = n.path("capacity");
    Long capacity;
    if (c.isMissingNode() || c.isNull()) {
      capacity = null;
    } else if (c.isIntegralNumber() && c.canConvertToLong() && c.longValue() > 0) {
      capacity = c.longValue();
    } else if (c.isString()) {
      capacity = Capacity.parse(c.stringValue());
    } else {
      throw new IllegalArgumentException(
          field + ".capacity must be a positive number of bytes, a size such as \"4T\", or null");
    }
    if (capacity != null && capacity <= 0) {
      throw new IllegalArgumentException(field + ".capacity must be positive");
    }
    return new Node(id, zone, capacity);
  }

  private static Previous previous(JsonNode p) {
    JsonNode ring = p.path("ring");
    if (!ring.isArray() || ring.size() != Partition.COUNT) {
      throw new IllegalArgumentException(
          "previous.ring must hold 256 arrays of node ids, as simulate prints it");
    }
    List<List<String>> holders = new ArrayList<>();
    for (int i = 0; i < ring.size(); i++) {
      List<String> ids = new ArrayList<>();
      for (JsonNode id : ring.get(i)) {
        ids.add(text(id, "previous.ring[" + i + "]"));
      }
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("previous.ring[" + i + "] is empty");
      }
      holders.add(ids);
    }
    long version = p.path("version").canConvertToLong() ? p.path("version").longValue() : 0;
    return new Previous(Math.max(version, 0), holders);
  }

  private static ZoneRedundancy zoneRedundancy(JsonNode zr) {
    if (zr.isMissingNode()
        || zr.isNull()
        || (zr.isString() && zr.stringValue().equals("maximum"))) {
      return ZoneRedundancy.maximum();
    }
    JsonNode n = zr.isObject() ? zr.path("atLeast") : zr;
    if (n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 1) {
      return ZoneRedundancy.atLeast(n.intValue());
    }
    throw new IllegalArgumentException("zoneRedundancy must be \"maximum\" or a number of zones");
  }

  private static String text(JsonNode n, String field) {
    if (!n.isString() || n.stringValue().isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty string");
    }
    return n.stringValue();
  }
}
