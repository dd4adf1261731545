package dev.remise.admin.cluster;

import dev.remise.core.NodeId;
import dev.remise.layout.NodeRole;
import java.util.List;
import java.util.Optional;

/**
 * One node as {@code GetClusterStatus} reports it: the merge of its roles' heartbeats and its role
 * in the current layout. A node named by the layout but never heard from has no roles, address,
 * host name, version or last-seen time.
 *
 * @param roles the roles heard from, sorted ({@code metadata-node}, {@code single-node}, …)
 * @param address the internal address of its storage role, else of a gateway role
 * @param lastSeenSecsAgo seconds since its newest heartbeat
 * @param layoutVersion the lowest layout version its roles reported: the node is only as current as
 *     its most lagging role
 * @param role its role in the current layout
 * @param draining no role in the current layout, but one in an older active version
 */
public record NodeStatus(
    NodeId id,
    List<String> roles,
    String address,
    String hostname,
    String version,
    boolean up,
    Optional<Long> lastSeenSecsAgo,
    Optional<Long> layoutVersion,
    Optional<NodeRole> role,
    boolean draining,
    Optional<Space> dataPartition,
    Optional<Space> metadataPartition) {

  /** Free and total bytes of one partition (disk), as its node reported them. */
  public record Space(long available, long total) {}
}
