package dev.remise.admin.api;

import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import dev.remise.admin.api.LayoutApiJson.ApplyClusterLayoutRequest;
import dev.remise.admin.api.LayoutApiJson.ApplyClusterLayoutResponse;
import dev.remise.admin.api.LayoutApiJson.ClusterLayoutSkipDeadNodesRequest;
import dev.remise.admin.api.LayoutApiJson.ClusterLayoutSkipDeadNodesResponse;
import dev.remise.admin.api.LayoutApiJson.GetClusterLayoutHistoryResponse;
import dev.remise.admin.api.LayoutApiJson.GetClusterLayoutResponse;
import dev.remise.admin.api.LayoutApiJson.NodeRoleChangeRequest;
import dev.remise.admin.api.LayoutApiJson.PreviewClusterLayoutChangesResponse;
import dev.remise.admin.api.LayoutApiJson.RingParametersRequest;
import dev.remise.admin.api.LayoutApiJson.RingStatistics;
import dev.remise.admin.api.LayoutApiJson.UpdateClusterLayoutRequest;
import dev.remise.admin.cluster.LayoutPublisher;
import dev.remise.admin.cluster.NodeRegistry;
import dev.remise.admin.layout.LayoutService;
import dev.remise.admin.layout.RingParametersUpdate;
import dev.remise.admin.layout.RoleUpdate;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutPreview;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Garage's admin API v2, the cluster-layout operations: read the layout and its history, stage role
 * changes and parameters, preview, apply and revert. Handlers turn Garage's JSON into {@link
 * LayoutService} calls, checking its shape with messages naming the field to fix; the service
 * checks the meaning (nodes, capacities, redundancy). They never catch: {@link AdminErrorResponder}
 * renders failures.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
public class LayoutApiController {
  private final LayoutService layout;
  private final LayoutPublisher publisher;
  private final NodeRegistry registry;

  public LayoutApiController(
      LayoutService layout, LayoutPublisher publisher, NodeRegistry registry) {
    this.layout = layout;
    this.publisher = publisher;
    this.registry = registry;
  }

  @GetMapping("/v2/GetClusterLayout")
  public GetClusterLayoutResponse getClusterLayout() {
    return GetClusterLayoutResponse.of(layout.history());
  }

  @GetMapping("/v2/GetClusterLayoutHistory")
  public GetClusterLayoutHistoryResponse getClusterLayoutHistory() {
    return GetClusterLayoutHistoryResponse.of(layout.history());
  }

  @PostMapping("/v2/UpdateClusterLayout")
  public GetClusterLayoutResponse updateClusterLayout(
      @RequestBody UpdateClusterLayoutRequest body) {
    List<RoleUpdate> roles = new ArrayList<>();
    List<NodeRoleChangeRequest> requested = body.roles() == null ? List.of() : body.roles();
    for (int i = 0; i < requested.size(); i++) {
      roles.add(roleUpdate(requested.get(i), "roles[" + i + "]"));
    }
    Map<Ring, RingParametersUpdate> parameters = new EnumMap<>(Ring.class);
    if (body.parameters() != null) {
      ZoneRedundancy zr =
          zoneRedundancy(body.parameters().zoneRedundancy(), "parameters.zoneRedundancy");
      for (Ring ring : Ring.values()) {
        parameters.put(ring, new RingParametersUpdate(null, zr));
      }
    }
    if (body.ringParameters() != null) {
      body.ringParameters()
          .forEach(
              (name, p) -> {
                Ring ring = ring(name, "ringParameters");
                parameters.put(ring, ringParameters(parameters.get(ring), p, ring));
              });
    }
    // Staged changes are part of the history the nodes hold, as in Garage, so they are pushed too.
    LayoutHistory updated = layout.update(roles, parameters);
    publisher.publish(updated);
    return GetClusterLayoutResponse.of(updated);
  }

  @PostMapping("/v2/PreviewClusterLayoutChanges")
  public PreviewClusterLayoutChangesResponse previewClusterLayoutChanges() {
    return switch (layout.preview()) {
      case LayoutService.Preview.Computed(LayoutPreview preview) ->
          new PreviewClusterLayoutChangesResponse.Success(
              LayoutReport.lines(preview),
              GetClusterLayoutResponse.of(preview.version(), Map.of(), Map.of()),
              RingStatistics.of(preview));
      case LayoutService.Preview.Impossible(var reason) ->
          new PreviewClusterLayoutChangesResponse.Failure(reason.getMessage());
    };
  }

  @PostMapping("/v2/ApplyClusterLayout")
  public ApplyClusterLayoutResponse applyClusterLayout(
      @RequestBody ApplyClusterLayoutRequest body) {
    if (body.version() == null) {
      throw invalid(
          "Missing field version: give the number of the new layout version, the current one + 1");
    }
    LayoutHistory.Applied applied = layout.apply(body.version());
    publisher.publish(applied.history());
    return new ApplyClusterLayoutResponse(
        LayoutReport.lines(applied.change()),
        GetClusterLayoutResponse.of(applied.history()),
        RingStatistics.of(applied.change()));
  }

  @PostMapping("/v2/RevertClusterLayout")
  public GetClusterLayoutResponse revertClusterLayout() {
    LayoutHistory reverted = layout.revert();
    publisher.publish(reverted);
    return GetClusterLayoutResponse.of(reverted);
  }

  /**
   * Garage's skip-dead-nodes: raises the ack tracker of down nodes (of every node with {@code
   * allowMissingData}, which also raises every sync tracker) to {@code version}, so a layout
   * transition blocked by nodes that will never report can finish.
   */
  @PostMapping("/v2/ClusterLayoutSkipDeadNodes")
  public ClusterLayoutSkipDeadNodesResponse clusterLayoutSkipDeadNodes(
      @RequestBody ClusterLayoutSkipDeadNodesRequest body) {
    if (body.version() == null) {
      throw invalid(
          "Missing field version: give the layout version the trackers of dead nodes are raised to");
    }
    LayoutHistory.SkippedDeadNodes skipped =
        layout.skipDeadNodes(
            body.version(), Boolean.TRUE.equals(body.allowMissingData()), registry::isUp);
    publisher.publish(skipped.history());
    return ClusterLayoutSkipDeadNodesResponse.of(skipped);
  }

  private static RoleUpdate roleUpdate(NodeRoleChangeRequest r, String field) {
    if (r == null || r.id() == null) {
      throw invalid("Missing field " + field + ".id");
    }
    if (Boolean.TRUE.equals(r.remove())) {
      if (r.zone() != null || r.capacity() != null || r.tags() != null || r.rings() != null) {
        throw invalid(field + ": give either remove: true, or zone, capacity and tags, not both");
      }
      return new RoleUpdate(r.id(), RoleChange.remove());
    }
    if (r.zone() == null || r.zone().isBlank()) {
      throw invalid("Missing field " + field + ".zone (or remove: true to remove the node)");
    }
    List<String> tags = r.tags() == null ? List.of() : r.tags();
    if (r.capacity() == null) {
      if (r.rings() != null && !r.rings().isEmpty()) {
        throw invalid(field + ": a gateway (capacity null) serves no ring; give a capacity");
      }
      return new RoleUpdate(r.id(), RoleChange.assign(NodeRole.gateway(r.zone()).withTags(tags)));
    }
    if (r.capacity() <= 0) {
      throw invalid(
          field
              + ".capacity must be a positive number of bytes (1 TB is 1000000000000), or null for a gateway");
    }
    Set<Ring> rings = EnumSet.allOf(Ring.class);
    if (r.rings() != null) {
      if (r.rings().isEmpty()) {
        throw invalid(field + ".rings: a storage node serves metadata, block or both");
      }
      rings = EnumSet.noneOf(Ring.class);
      for (String name : r.rings()) {
        rings.add(ring(name, field + ".rings"));
      }
    }
    NodeRole role = new NodeRole(r.zone(), OptionalLong.of(r.capacity()), tags, rings);
    return new RoleUpdate(r.id(), RoleChange.assign(role));
  }

  /** {@code base} (from Garage's {@code parameters}) overridden by the per-ring extension. */
  private static RingParametersUpdate ringParameters(
      RingParametersUpdate base, RingParametersRequest p, Ring ring) {
    String field = "ringParameters." + ring.label();
    if (p == null) {
      throw invalid(field + " must be an object");
    }
    ZoneRedundancy zr =
        p.zoneRedundancy() == null || p.zoneRedundancy().isNull()
            ? (base == null ? null : base.zoneRedundancy())
            : zoneRedundancy(p.zoneRedundancy(), field + ".zoneRedundancy");
    return new RingParametersUpdate(p.replicationFactor(), zr);
  }

  /** Garage's ZoneRedundancy: {@code "maximum"} or {@code {"atLeast": n}} with n ≥ 1. */
  static ZoneRedundancy zoneRedundancy(JsonNode node, String field) {
    if (node != null && node.isString() && node.stringValue().equals("maximum")) {
      return ZoneRedundancy.maximum();
    }
    if (node != null && node.isObject() && node.size() == 1 && node.has("atLeast")) {
      JsonNode n = node.get("atLeast");
      if (n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 1) {
        return ZoneRedundancy.atLeast(n.intValue());
      }
    }
    throw invalid(field + " must be \"maximum\" or {\"atLeast\": n} with n at least 1");
  }

  private static Ring ring(String name, String field) {
    for (Ring ring : Ring.values()) {
      if (ring.label().equals(name)) {
        return ring;
      }
    }
    throw invalid(field + ": unknown ring \"" + name + "\"; the rings are metadata and block");
  }

  private static AdminException invalid(String message) {
    return new AdminException(AdminError.INVALID_REQUEST, message);
  }
}
