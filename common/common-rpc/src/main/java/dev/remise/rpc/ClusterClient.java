package dev.remise.rpc;

import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
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
        Feign.builder()
            .requestInterceptor(new RpcAuthInterceptor(auth))
            .options(new Request.Options(timeout, timeout, false))
            .retryer(Retryer.NEVER_RETRY)
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
    } catch (RetryableException e) {
      throw new RpcUnavailableException(layoutAdmin, e);
    } catch (FeignException e) {
      if (e.status() >= 500 || e.status() < 0) {
        throw new RpcUnavailableException(layoutAdmin, e);
      }
      throw new RpcRejectedException(layoutAdmin, e.status(), e.contentUTF8());
    }
  }
}
