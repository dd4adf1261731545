package dev.remise.rpc;

import dev.remise.core.Blake2;
import java.util.Comparator;
import java.util.List;

/**
 * The body of {@code GET /v1/cluster/peers}, sorted by node id then role so that equal lists
 * encode, and hash, alike on layout-admin and on every node.
 */
public record PeerList(List<Peer> peers) {
  private static final Comparator<Peer> ORDER =
      Comparator.comparing(Peer::id).thenComparing(Peer::role);

  public PeerList {
    peers = peers.stream().sorted(ORDER).toList();
  }

  /** Hex BLAKE2 of the JSON encoding, compared in heartbeat replies. */
  public String digest() {
    return Blake2.sum(ClusterJson.encode(this)).hex();
  }
}
