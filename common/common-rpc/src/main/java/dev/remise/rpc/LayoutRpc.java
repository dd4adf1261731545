package dev.remise.rpc;

import feign.Headers;
import feign.RequestLine;
import java.net.URI;

/**
 * The push half of layout publication (Garage's {@code AdvertiseClusterLayout}): layout-admin sends
 * every new layout history to each storage node's internal port, which merges it into its {@link
 * NodeLayout}. Pushing makes an apply visible at once; the heartbeat pull stays the guarantee, so a
 * push that fails is not retried. Gateways serve no internal port and only pull.
 */
public interface LayoutRpc {

  /** The whole history, encoded by {@code LayoutCodec}; answered 200 once merged and persisted. */
  @RequestLine("POST /v1/layout")
  @Headers("Content-Type: application/octet-stream")
  void advertiseClusterLayout(URI node, byte[] history);
}
