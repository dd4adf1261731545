package dev.remise.rpc;

import dev.remise.core.NodeId;
import java.net.URI;

/**
 * Where one role of one node answers, as layout-admin last heard it: what a node needs to turn the
 * node ids of the layout into requests. Garage's nodes learn each other's addresses by gossip; here
 * the heartbeats gather them at layout-admin, which hands the list out ({@code GET
 * /v1/cluster/peers}).
 *
 * @param id the node
 * @param role the role, one of {@link Heartbeat#ROLES}
 * @param address the role's base URL: internal RPC for storage roles, client API for gateways
 * @param since when layout-admin first heard this address (epoch milliseconds, its clock): the
 *     newer of two addresses of one role wins a merge, and the value only changes with the address,
 *     so a steady cluster's list keeps one digest
 */
public record Peer(NodeId id, String role, URI address, long since) {
  public Peer {
    if (id == null || address == null) {
      throw new IllegalArgumentException("a peer needs an id and an address");
    }
    if (!Heartbeat.ROLES.contains(role)) {
      throw new IllegalArgumentException("unknown role " + role);
    }
  }
}
