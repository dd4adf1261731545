package dev.remise.rpc;

import feign.Headers;
import feign.RequestLine;
import java.net.URI;

/**
 * The cluster control plane, served by layout-admin on its admin port under {@code /v1/cluster} and
 * guarded by the cluster-secret proof ({@link RpcAuthFilter}), unlike {@code /v2} which takes the
 * operator's bearer token. Bodies are JSON ({@link ClusterJson}): these calls are rare and small,
 * and readable bodies help operators; the data plane keeps its binary codecs. The layout history is
 * the exception: it travels in {@code LayoutCodec}'s binary encoding, the one its digest is
 * computed over and the one written to disk.
 */
public interface ClusterRpc {

  /** A {@link Heartbeat} as JSON; answers a {@link HeartbeatReply} as JSON. */
  @RequestLine("POST /v1/cluster/heartbeat")
  @Headers({"Content-Type: application/json", "Accept: application/json"})
  byte[] heartbeat(URI layoutAdmin, byte[] heartbeatJson);

  /** Every role's address layout-admin heard, a {@link PeerList} as JSON. */
  @RequestLine("GET /v1/cluster/peers")
  @Headers("Accept: application/json")
  byte[] peers(URI layoutAdmin);

  /** layout-admin's whole layout history, encoded by {@code LayoutCodec}. */
  @RequestLine("GET /v1/cluster/layout")
  @Headers("Accept: application/octet-stream")
  byte[] layout(URI layoutAdmin);

  /**
   * A node's layout history, sent back when it holds something layout-admin lacks: its own tracker
   * progress, or the whole history after layout-admin lost its disk. Encoded by {@code
   * LayoutCodec}; answered 204 once merged and persisted, 400 when a version fails the layout
   * check.
   */
  @RequestLine("POST /v1/cluster/layout")
  @Headers("Content-Type: application/octet-stream")
  void advertiseClusterLayout(URI layoutAdmin, byte[] history);
}
