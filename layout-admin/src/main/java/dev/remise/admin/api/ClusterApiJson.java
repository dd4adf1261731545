package dev.remise.admin.api;

import dev.remise.admin.cluster.ClusterHealth;
import dev.remise.admin.cluster.ClusterStatus;
import dev.remise.admin.cluster.NodeStatus;
import dev.remise.core.NodeId;
import dev.remise.layout.NodeRole;
import java.util.List;

/**
 * The bodies of {@code GetClusterStatus} and {@code GetClusterHealth}, shaped as Garage's
 * GetClusterStatusResponse, NodeResp, NodeAssignedRole, FreeSpaceResp and GetClusterHealthResponse.
 * Optional fields are written as {@code null}, as Garage does. Remise's extensions on a node:
 * {@code roles}, the roles its process runs, and {@code layoutVersion}, the layout version it
 * reported.
 */
public final class ClusterApiJson {
  private ClusterApiJson() {}

  public record GetClusterStatusResponse(long layoutVersion, List<NodeResp> nodes) {
    static GetClusterStatusResponse of(ClusterStatus status) {
      return new GetClusterStatusResponse(
          status.layoutVersion(), status.nodes().stream().map(NodeResp::of).toList());
    }
  }

  public record NodeResp(
      String id,
      String garageVersion,
      String addr,
      String hostname,
      boolean isUp,
      Long lastSeenSecsAgo,
      NodeAssignedRole role,
      boolean draining,
      FreeSpaceResp dataPartition,
      FreeSpaceResp metadataPartition,
      List<String> roles,
      Long layoutVersion) {
    static NodeResp of(NodeStatus n) {
      return new NodeResp(
          n.id().hex(),
          n.version(),
          n.address(),
          n.hostname(),
          n.up(),
          n.lastSeenSecsAgo().orElse(null),
          n.role().map(r -> NodeAssignedRole.of(n.id(), r)).orElse(null),
          n.draining(),
          n.dataPartition().map(FreeSpaceResp::of).orElse(null),
          n.metadataPartition().map(FreeSpaceResp::of).orElse(null),
          n.roles(),
          n.layoutVersion().orElse(null));
    }
  }

  /** {@code capacity} null: a gateway. */
  public record NodeAssignedRole(String id, String zone, List<String> tags, Long capacity) {
    static NodeAssignedRole of(NodeId id, NodeRole role) {
      return new NodeAssignedRole(
          id.hex(),
          role.zone(),
          role.tags(),
          role.capacity().isPresent() ? role.capacity().getAsLong() : null);
    }
  }

  public record FreeSpaceResp(long available, long total) {
    static FreeSpaceResp of(NodeStatus.Space s) {
      return new FreeSpaceResp(s.available(), s.total());
    }
  }

  public record GetClusterHealthResponse(
      String status,
      int knownNodes,
      int connectedNodes,
      int storageNodes,
      int storageNodesUp,
      int partitions,
      int partitionsQuorum,
      int partitionsAllOk) {
    static GetClusterHealthResponse of(ClusterHealth h) {
      return new GetClusterHealthResponse(
          h.status().wireName(),
          h.knownNodes(),
          h.connectedNodes(),
          h.storageNodes(),
          h.storageNodesUp(),
          h.partitions(),
          h.partitionsQuorum(),
          h.partitionsAllOk());
    }
  }
}
