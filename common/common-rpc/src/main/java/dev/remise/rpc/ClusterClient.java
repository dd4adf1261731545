package dev.remise.rpc;

import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutHistory;
import dev.remise.table.MalformedEntryException;
import feign.FeignException;
import feign.RetryableException;
import java.net.URI;
import java.time.Duration;

/**
 * Typed calls to layout-admin's {@link ClusterRpc}: encodes with {@link ClusterJson}, signs with
 * the cluster secret, and maps failures as {@link TableClient} does (unreachable or 5xx: {@link
 * RpcUnavailableException}; 4xx: {@link RpcRejectedException}).
 */
public final class ClusterClient {
  private final ClusterRpc rpc;
  private final URI layoutAdmin;

  public ClusterClient(ClusterRpc rpc, URI layoutAdmin) {
    this.rpc = rpc;
    this.layoutAdmin = layoutAdmin;
  }

  /**
   * A plain Feign client that never retries on its own: the heartbeat worker's next beat is the
   * retry.
   */
  public static ClusterClient create(URI layoutAdmin, RpcAuth auth, Duration timeout) {
    ClusterRpc rpc =
        RpcClients.builder(auth, timeout, timeout)
            .target(new NodeAddressedTarget<>(ClusterRpc.class, "layout-admin"));
    return new ClusterClient(rpc, layoutAdmin);
  }

  public URI layoutAdmin() {
    return layoutAdmin;
  }

  public HeartbeatReply heartbeat(Heartbeat heartbeat) {
    try {
      byte[] reply = rpc.heartbeat(layoutAdmin, ClusterJson.encode(heartbeat));
      return ClusterJson.decode(reply, HeartbeatReply.class);
    } catch (FeignException e) {
      throw mapped(e);
    }
  }

  /**
   * Pulls layout-admin's layout history.
   *
   * @throws MalformedMessageException when the body is not a layout history this version reads
   */
  public LayoutHistory layout() {
    byte[] body;
    try {
      body = rpc.layout(layoutAdmin);
    } catch (FeignException e) {
      throw mapped(e);
    }
    try {
      return LayoutCodec.decode(body);
    } catch (MalformedEntryException e) {
      throw new MalformedMessageException(
          "layout history from " + layoutAdmin + ": " + e.getMessage(), e);
    }
  }

  /** layout-admin's list of peers. */
  public PeerList peers() {
    try {
      return ClusterJson.decode(rpc.peers(layoutAdmin), PeerList.class);
    } catch (FeignException e) {
      throw mapped(e);
    }
  }

  /** Sends this node's layout history to layout-admin, which merges it into its own. */
  public void advertiseLayout(LayoutHistory history) {
    try {
      rpc.advertiseClusterLayout(layoutAdmin, LayoutCodec.encode(history));
    } catch (FeignException e) {
      throw mapped(e);
    }
  }

  private RuntimeException mapped(FeignException e) {
    if (e instanceof RetryableException) {
      return new RpcUnavailableException(layoutAdmin, e);
    }
    if (e.status() >= 500 || e.status() < 0) {
      return new RpcUnavailableException(layoutAdmin, e);
    }
    return new RpcRejectedException(layoutAdmin, e.status(), e.contentUTF8());
  }
}
