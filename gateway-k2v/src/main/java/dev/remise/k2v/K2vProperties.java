package dev.remise.k2v;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the K2V gateway ({@code remise.k2v.*}). Until K2V itself lands it only announces
 * itself to layout-admin and keeps its copy of the cluster layout.
 *
 * @param rpcSecret the cluster secret as 64 hex digits; if empty, read from {@code rpcSecretFile}
 * @param rpcSecretFile where the cluster secret is kept (default {@code ./data/rpc_secret}); the
 *     gateway's node id and layout copy live beside it
 * @param nodeId this node's id, 64 hex digits. Default empty: the id kept beside the secret file,
 *     made on the first start.
 * @param layoutAdmin base URL of layout-admin (its admin port), where heartbeats go. Default empty:
 *     no heartbeats.
 * @param heartbeatInterval the period of heartbeats (default {@code 10s})
 * @param advertisedAddress the base URL clients reach this gateway at, sent in heartbeats. Default
 *     empty: {@code http://<host name>:<port>}.
 */
@ConfigurationProperties("remise.k2v")
public record K2vProperties(
    String rpcSecret,
    @DefaultValue("./data/rpc_secret") Path rpcSecretFile,
    String nodeId,
    URI layoutAdmin,
    @DefaultValue("10s") Duration heartbeatInterval,
    URI advertisedAddress) {

  public K2vProperties {
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("remise.k2v.heartbeat-interval must be positive");
    }
  }
}
