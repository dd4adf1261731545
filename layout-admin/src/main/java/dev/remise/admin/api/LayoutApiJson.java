package dev.remise.admin.api;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutPreview;
import dev.remise.layout.LayoutStatistics;
import dev.remise.layout.LayoutVersion;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingLayout;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.UpdateTrackers.Tracker;
import dev.remise.layout.ZoneRedundancy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON bodies of the cluster-layout operations, named and shaped as in Garage's OpenAPI
 * document (GetClusterLayoutResponse, LayoutNodeRole, NodeRoleChange, UpdateClusterLayoutRequest,
 * PreviewClusterLayoutChangesResponse, ApplyClusterLayout*, GetClusterLayoutHistoryResponse), plus
 * Remise's extensions for its two rings, each marked as such. Garage has one ring; where its fields
 * describe a ring, they describe the block ring (the data), and the extensions give both.
 */
public final class LayoutApiJson {
  private LayoutApiJson() {}

  // ---- Requests ----

  /**
   * UpdateClusterLayout's body. {@code parameters} (Garage's) sets the zone redundancy of both
   * rings. Extension: {@code ringParameters}, per ring name ({@code metadata}, {@code block}), a
   * replication factor and a zone redundancy, each optional; applied after {@code parameters}.
   */
  public record UpdateClusterLayoutRequest(
      List<NodeRoleChangeRequest> roles,
      LayoutParametersRequest parameters,
      Map<String, RingParametersRequest> ringParameters) {}

  /**
   * One role change: {@code {id, remove: true}} or {@code {id, zone, capacity, tags}} with a null
   * capacity for a gateway. Extension: {@code rings}, the rings a storage node serves ({@code
   * metadata}, {@code block}; both when absent).
   */
  public record NodeRoleChangeRequest(
      String id,
      Boolean remove,
      String zone,
      Long capacity,
      List<String> tags,
      List<String> rings) {}

  /** Garage's LayoutParameters as received: the zone redundancy is checked by the controller. */
  public record LayoutParametersRequest(JsonNode zoneRedundancy) {}

  /** Extension: one ring's parameters; a missing field keeps the staged value. */
  public record RingParametersRequest(Integer replicationFactor, JsonNode zoneRedundancy) {}

  public record ApplyClusterLayoutRequest(Long version) {}

  // ---- Shared shapes ----

  /** Garage's ZoneRedundancy: {@code "maximum"} or {@code {"atLeast": n}}. */
  public record ApiZoneRedundancy(ZoneRedundancy value) {
    @JsonValue
    Object json() {
      return switch (value) {
        case ZoneRedundancy.Maximum() -> "maximum";
        case ZoneRedundancy.AtLeast(int zones) -> Map.of("atLeast", zones);
      };
    }
  }

  public record LayoutParameters(ApiZoneRedundancy zoneRedundancy) {
    static LayoutParameters of(RingParameters p) {
      return new LayoutParameters(new ApiZoneRedundancy(p.zoneRedundancy()));
    }
  }

  /** Extension: a ring's parameters as the operator set them. */
  public record RingParametersJson(int replicationFactor, ApiZoneRedundancy zoneRedundancy) {
    static RingParametersJson of(RingParameters p) {
      return new RingParametersJson(
          p.replicationFactor(), new ApiZoneRedundancy(p.zoneRedundancy()));
    }
  }

  // ---- GetClusterLayout (and the answer of UpdateClusterLayout and RevertClusterLayout) ----

  /**
   * Garage's fields, then the extensions {@code rings} (each ring's parameters and size) and {@code
   * stagedRingParameters} (both rings' staged parameters when either differs from the current ones,
   * else null). {@code parameters}, {@code partitionSize} and {@code stagedParameters} are the
   * block ring's.
   */
  public record GetClusterLayoutResponse(
      long version,
      List<LayoutNodeRole> roles,
      LayoutParameters parameters,
      long partitionSize,
      List<NodeRoleChange> stagedRoleChanges,
      LayoutParameters stagedParameters,
      Map<String, RingInfo> rings,
      Map<String, RingParametersJson> stagedRingParameters) {

    static GetClusterLayoutResponse of(LayoutHistory history) {
      Map<Ring, RingParameters> staged = new LinkedHashMap<>();
      for (Ring ring : Ring.values()) {
        staged.put(ring, history.stagedParameters(ring));
      }
      return of(history.current(), history.stagedRoles(), staged);
    }

    /** A version with these staged changes (none for a preview's new version). */
    static GetClusterLayoutResponse of(
        LayoutVersion v, Map<NodeId, RoleChange> stagedRoles, Map<Ring, RingParameters> staged) {
      Map<String, RingInfo> rings = new LinkedHashMap<>();
      Map<String, RingParametersJson> stagedRings = new LinkedHashMap<>();
      boolean stagedDiffer = false;
      for (Ring ring : Ring.values()) {
        rings.put(ring.label(), RingInfo.of(v.ring(ring), v.parameters(ring)));
        RingParameters next = staged.getOrDefault(ring, v.parameters(ring));
        stagedRings.put(ring.label(), RingParametersJson.of(next));
        stagedDiffer |= !next.equals(v.parameters(ring));
      }
      RingParameters block = staged.getOrDefault(Ring.BLOCK, v.block());
      return new GetClusterLayoutResponse(
          v.version(),
          v.roles().entrySet().stream()
              .map(e -> LayoutNodeRole.of(e.getKey(), e.getValue(), v))
              .toList(),
          LayoutParameters.of(v.block()),
          v.blockRing().partitionSize(),
          stagedRoles.entrySet().stream()
              .map(e -> NodeRoleChange.of(e.getKey(), e.getValue()))
              .toList(),
          block.equals(v.block()) ? null : LayoutParameters.of(block),
          rings,
          stagedDiffer ? stagedRings : null);
    }
  }

  /**
   * Garage's LayoutNodeRole; {@code storedPartitions} and {@code usableCapacity} are the block
   * ring's (null for a node outside it). Extensions: {@code rings} served, and {@code ringUsage},
   * the same two figures for each ring served.
   */
  public record LayoutNodeRole(
      String id,
      String zone,
      Long capacity,
      List<String> tags,
      Long storedPartitions,
      Long usableCapacity,
      List<String> rings,
      Map<String, RingUsage> ringUsage) {

    static LayoutNodeRole of(NodeId id, NodeRole role, LayoutVersion v) {
      Map<String, RingUsage> usage = new LinkedHashMap<>();
      for (Ring ring : role.rings()) {
        RingLayout layout = v.ring(ring);
        usage.put(
            ring.label(), new RingUsage(layout.partitionCount(id), layout.usableCapacity(id)));
      }
      RingUsage block = usage.get(Ring.BLOCK.label());
      return new LayoutNodeRole(
          id.hex(),
          role.zone(),
          role.capacity().isPresent() ? role.capacity().getAsLong() : null,
          role.tags(),
          block == null ? null : block.storedPartitions(),
          block == null ? null : block.usableCapacity(),
          ringNames(role),
          usage);
    }
  }

  public record RingUsage(long storedPartitions, long usableCapacity) {}

  /** Extension: one ring of a version. Capacities are of all copies, and what clients can store. */
  public record RingInfo(
      int replicationFactor,
      ApiZoneRedundancy zoneRedundancy,
      int effectiveZoneRedundancy,
      long partitionSize,
      int storageNodes,
      long usableCapacity,
      long effectiveCapacity) {

    static RingInfo of(RingLayout ring, RingParameters parameters) {
      return new RingInfo(
          parameters.replicationFactor(),
          new ApiZoneRedundancy(parameters.zoneRedundancy()),
          ring.zoneRedundancy(),
          ring.partitionSize(),
          ring.nodes().size(),
          ring.isEmpty() ? 0 : ring.partitionSize() * Partition.COUNT * ring.replicationFactor(),
          ring.isEmpty() ? 0 : ring.partitionSize() * Partition.COUNT);
    }
  }

  /** Garage's NodeRoleChange: a removal or a new role (with the {@code rings} extension). */
  public sealed interface NodeRoleChange {
    String id();

    static NodeRoleChange of(NodeId id, RoleChange change) {
      return switch (change) {
        case RoleChange.Remove() -> new Removal(id.hex(), true);
        case RoleChange.Assign(NodeRole role) ->
            new Assignment(
                id.hex(),
                role.zone(),
                role.capacity().isPresent() ? role.capacity().getAsLong() : null,
                role.tags(),
                ringNames(role));
      };
    }

    record Removal(String id, boolean remove) implements NodeRoleChange {}

    record Assignment(String id, String zone, Long capacity, List<String> tags, List<String> rings)
        implements NodeRoleChange {}
  }

  // ---- Preview and apply ----

  /** Garage's PreviewClusterLayoutChangesResponse: the new layout, or why there is none. */
  public sealed interface PreviewClusterLayoutChangesResponse {
    record Failure(String error) implements PreviewClusterLayoutChangesResponse {}

    /** Extension: {@code statistics} per ring, as the {@code message} says in words. */
    record Success(
        List<String> message,
        GetClusterLayoutResponse newLayout,
        Map<String, RingStatistics> statistics)
        implements PreviewClusterLayoutChangesResponse {}
  }

  /** Garage's ApplyClusterLayoutResponse, with the {@code statistics} extension. */
  public record ApplyClusterLayoutResponse(
      List<String> message,
      GetClusterLayoutResponse layout,
      Map<String, RingStatistics> statistics) {}

  /**
   * Extension: what a change does to one ring. {@code movedPartitionCopies} counts the copies
   * placed on a node that did not hold them, i.e. the data to transfer; zones and nodes list the
   * partitions held and newly held, capacities and the part of them used.
   */
  public record RingStatistics(
      int replicationFactor,
      int zoneRedundancy,
      long partitionSize,
      Long previousPartitionSize,
      long usableCapacity,
      long effectiveCapacity,
      int movedPartitionCopies,
      List<ZoneStatistics> zones,
      List<NodeStatistics> nodes) {

    static Map<String, RingStatistics> of(LayoutPreview preview) {
      Map<String, RingStatistics> byRing = new LinkedHashMap<>();
      for (Ring ring : Ring.values()) {
        LayoutStatistics s = preview.statistics(ring);
        byRing.put(
            ring.label(),
            new RingStatistics(
                s.replicationFactor(),
                s.zoneRedundancy(),
                s.partitionSize(),
                s.previousPartitionSize().isPresent()
                    ? s.previousPartitionSize().getAsLong()
                    : null,
                s.usableCapacity(),
                s.effectiveCapacity(),
                s.newCopies(),
                s.zones().stream().map(ZoneStatistics::of).toList(),
                s.nodes().stream().map(NodeStatistics::of).toList()));
      }
      return byRing;
    }
  }

  public record ZoneStatistics(
      String zone,
      int nodes,
      int partitions,
      int distinctPartitions,
      int newPartitions,
      long capacity,
      long usableCapacity) {
    static ZoneStatistics of(LayoutStatistics.ZoneStatistics z) {
      return new ZoneStatistics(
          z.zone(),
          z.nodes(),
          z.partitions(),
          z.distinctPartitions(),
          z.newPartitions(),
          z.capacity(),
          z.usableCapacity());
    }
  }

  public record NodeStatistics(
      String id,
      String zone,
      List<String> tags,
      int partitions,
      int newPartitions,
      long capacity,
      long usableCapacity) {
    static NodeStatistics of(LayoutStatistics.NodeStatistics n) {
      return new NodeStatistics(
          n.node().hex(),
          n.zone(),
          n.tags(),
          n.partitions(),
          n.newPartitions(),
          n.capacity(),
          n.usableCapacity());
    }
  }

  // ---- GetClusterLayoutHistory ----

  public enum ClusterLayoutVersionStatus {
    Current,
    Draining,
    Historical
  }

  /** {@code storageNodes} counts nodes serving at least one ring. */
  public record ClusterLayoutVersion(
      long version, ClusterLayoutVersionStatus status, long storageNodes, long gatewayNodes) {

    static ClusterLayoutVersion of(LayoutVersion v, ClusterLayoutVersionStatus status) {
      long gateways = v.roles().values().stream().filter(NodeRole::isGateway).count();
      return new ClusterLayoutVersion(v.version(), status, v.roles().size() - gateways, gateways);
    }
  }

  public record NodeUpdateTrackers(long ack, long sync, long syncAck) {}

  /**
   * Versions newest first (the current one, the draining ones, then the retired ones); trackers of
   * every node with a role in an active version, as the history reads them.
   */
  public record GetClusterLayoutHistoryResponse(
      long currentVersion,
      long minAck,
      List<ClusterLayoutVersion> versions,
      Map<String, NodeUpdateTrackers> updateTrackers) {

    static GetClusterLayoutHistoryResponse of(LayoutHistory h) {
      List<ClusterLayoutVersion> versions = new ArrayList<>();
      List<LayoutVersion> active = h.activeVersions();
      for (int i = active.size() - 1; i >= 0; i--) {
        versions.add(
            ClusterLayoutVersion.of(
                active.get(i),
                i == active.size() - 1
                    ? ClusterLayoutVersionStatus.Current
                    : ClusterLayoutVersionStatus.Draining));
      }
      for (LayoutVersion v : h.retiredVersions().reversed()) {
        versions.add(ClusterLayoutVersion.of(v, ClusterLayoutVersionStatus.Historical));
      }
      Map<String, NodeUpdateTrackers> trackers = new LinkedHashMap<>();
      for (NodeId node : h.activeNodes()) {
        trackers.put(
            node.hex(),
            new NodeUpdateTrackers(
                h.tracker(Tracker.ACK, node),
                h.tracker(Tracker.SYNC, node),
                h.tracker(Tracker.SYNC_ACK, node)));
      }
      return new GetClusterLayoutHistoryResponse(
          h.current().version(), h.ackMin(), versions, trackers);
    }
  }

  /** Garage's {@code ClusterLayoutSkipDeadNodesRequest}. */
  public record ClusterLayoutSkipDeadNodesRequest(Long version, Boolean allowMissingData) {}

  /** Garage's {@code ClusterLayoutSkipDeadNodesResponse}: the nodes whose trackers were raised. */
  public record ClusterLayoutSkipDeadNodesResponse(
      List<String> ackUpdated, List<String> syncUpdated) {
    static ClusterLayoutSkipDeadNodesResponse of(LayoutHistory.SkippedDeadNodes skipped) {
      return new ClusterLayoutSkipDeadNodesResponse(
          skipped.ackUpdated().stream().map(NodeId::hex).toList(),
          skipped.syncUpdated().stream().map(NodeId::hex).toList());
    }
  }

  private static List<String> ringNames(NodeRole role) {
    return role.rings().stream().map(Ring::label).toList();
  }
}
