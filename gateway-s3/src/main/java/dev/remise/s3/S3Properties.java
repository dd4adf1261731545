package dev.remise.s3;

import dev.remise.datablock.Compression;
import dev.remise.replication.ConsistencyMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the S3 gateway ({@code remise.s3.*}).
 *
 * @param region the S3 region clients must sign for (default {@code remise}); a mismatch is
 *     answered with AuthorizationHeaderMalformed naming this region
 * @param rootDomain enables virtual-host-style addressing for {@code <bucket>.<rootDomain>}
 *     (default: off)
 * @param accessCacheTtl how long access keys, bucket aliases and bucket entries are served from
 *     this gateway's cache without a quorum read (default {@code 2s}; {@code 0} disables it), then
 *     served while a background read refreshes them. Grants and this gateway's own changes apply at
 *     once; a key or permission revoked elsewhere may still be honoured for this long plus one
 *     read.
 * @param consistencyMode Garage's {@code consistency_mode}: {@code consistent} (default, read after
 *     write), {@code degraded} (reads from one copy) or {@code dangerous} (reads and writes one
 *     copy). Must be the same on every node.
 * @param compressionLevel Garage's {@code compression_level}: the zstd level blocks are compressed
 *     at before they leave this gateway (default {@code 1}), or {@code none}. Blocks that do not
 *     shrink are sent plain.
 * @param blockRamBufferMax Garage's {@code block_ram_buffer_max}: block bytes this gateway holds
 *     while their copies are being written (default 256 MiB). Uploads wait when it is full, so a
 *     slow node slows writers down instead of filling the heap.
 * @param blockSize size of the content-addressed blocks objects are cut into (default 1 MiB, as
 *     Garage)
 * @param rpcSecret the cluster secret as 64 hex digits; if empty, read from {@code rpcSecretFile}
 * @param rpcSecretFile where the cluster secret is kept (default {@code ./data/rpc_secret})
 * @param nodeId this node's id, 64 hex digits. Default empty: the id kept in {@code <directory of
 *     rpc-secret-file>/node_id}, made on the first start. The single-node launcher passes one id to
 *     all its roles.
 * @param layoutAdmin base URL of layout-admin (its admin port), where heartbeats go. Default empty:
 *     no heartbeats, the role runs on its own.
 * @param heartbeatInterval the period of heartbeats; the first leaves as soon as the port opens.
 *     Default {@code 10s}, as Garage's status exchange.
 * @param advertisedAddress the base URL other roles reach this one at, sent in heartbeats. Default
 *     empty: {@code http://<host name>:<port>}.
 */
@ConfigurationProperties("remise.s3")
public record S3Properties(
    @DefaultValue("remise") String region,
    String rootDomain,
    @DefaultValue("2s") Duration accessCacheTtl,
    @DefaultValue("consistent") String consistencyMode,
    @DefaultValue("1") String compressionLevel,
    @DefaultValue("256MB") DataSize blockRamBufferMax,
    @DefaultValue("1MB") DataSize blockSize,
    String rpcSecret,
    @DefaultValue("./data/rpc_secret") Path rpcSecretFile,
    String nodeId,
    URI layoutAdmin,
    @DefaultValue("10s") Duration heartbeatInterval,
    URI advertisedAddress) {

  public S3Properties {
    ConsistencyMode.parse(consistencyMode);
    Compression.parse(compressionLevel);
    if (blockRamBufferMax.toBytes() < 1024) {
      throw new IllegalArgumentException("remise.s3.block-ram-buffer-max must be at least 1KB");
    }
    if (accessCacheTtl.isNegative()) {
      throw new IllegalArgumentException("remise.s3.access-cache-ttl must not be negative");
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("remise.s3.heartbeat-interval must be positive");
    }
  }

  /** The parsed {@link #compressionLevel}. */
  public Compression compression() {
    return Compression.parse(compressionLevel);
  }

  /** The parsed {@link #consistencyMode}. */
  public ConsistencyMode consistency() {
    return ConsistencyMode.parse(consistencyMode);
  }
}
