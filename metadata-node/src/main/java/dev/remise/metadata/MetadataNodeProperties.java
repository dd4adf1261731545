package dev.remise.metadata;

import dev.remise.replication.ConsistencyMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the metadata node, {@code remise.metadata.*} (environment: {@code
 * REMISE_METADATA_*}).
 *
 * @param metadataDir directory of the RocksDB metadata database. Default {@code ./data/meta}.
 * @param rpcSecret the cluster secret as 64 hex digits; when set it wins over {@code
 *     rpcSecretFile}. Default: unset.
 * @param rpcSecretFile file holding the cluster secret, created with a random one (owner-only
 *     permissions) if missing. Default {@code ./data/rpc_secret}.
 * @param metadataFsync sync every metadata write to disk (Garage's {@code metadata_fsync}); off, a
 *     power loss may lose the last writes, which replicas repair. Default {@code false}.
 * @param insertQueueInterval how often the insert queue worker looks at the queue when nothing woke
 *     it; also bounds how soon a failed delivery is retried. Default {@code 10s}.
 * @param nodeId this node's id, 64 hex digits. Default empty: the id kept in {@code
 *     <metadata-dir>/node_id}, made on the first start. The single-node launcher passes one id to
 *     all its roles.
 * @param layoutAdmin base URL of layout-admin (its admin port), where heartbeats go. Default empty:
 *     no heartbeats, the role runs on its own.
 * @param heartbeatInterval the period of heartbeats; the first leaves as soon as the port opens.
 *     Default {@code 10s}, as Garage's status exchange.
 * @param advertisedAddress the base URL other roles reach this one at, sent in heartbeats. Default
 *     empty: {@code http://<host name>:<port>}.
 * @param consistencyMode Garage's {@code consistency_mode} for the writes this node makes itself
 *     (insert queue cascades): {@code consistent} (default), {@code degraded} or {@code dangerous}.
 *     Must be the same on every node.
 */
@ConfigurationProperties("remise.metadata")
public record MetadataNodeProperties(
    @DefaultValue("./data/meta") Path metadataDir,
    String rpcSecret,
    @DefaultValue("./data/rpc_secret") Path rpcSecretFile,
    @DefaultValue("false") boolean metadataFsync,
    @DefaultValue("10s") Duration insertQueueInterval,
    String nodeId,
    URI layoutAdmin,
    @DefaultValue("10s") Duration heartbeatInterval,
    URI advertisedAddress,
    @DefaultValue("consistent") String consistencyMode,
    @DefaultValue("24h") Duration tableGcDelay) {

  public MetadataNodeProperties {
    ConsistencyMode.parse(consistencyMode);
    if (tableGcDelay.isNegative()) {
      throw new IllegalArgumentException("remise.metadata.table-gc-delay must not be negative");
    }
    if (insertQueueInterval.isNegative() || insertQueueInterval.isZero()) {
      throw new IllegalArgumentException("remise.metadata.insert-queue-interval must be positive");
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("remise.metadata.heartbeat-interval must be positive");
    }
  }

  /** The parsed {@link #consistencyMode}. */
  public ConsistencyMode consistency() {
    return ConsistencyMode.parse(consistencyMode);
  }
}
