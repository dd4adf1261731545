package dev.remise.admin;

import dev.remise.replication.ConsistencyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the layout-admin role ({@code remise.admin.*}).
 *
 * @param adminToken the bearer token of the admin API (Garage's {@code admin_token}). Default
 *     empty: every {@code /v2} call is then refused with 403 and a warning is logged at start; the
 *     launcher always sets one.
 * @param metricsToken the bearer token of {@code GET /metrics} (Garage's {@code metrics_token}).
 *     Default empty: {@code /metrics} is open, as in Garage. {@code /health} is always open.
 * @param consistencyMode Garage's {@code consistency_mode} for layout-admin's reads and writes of
 *     buckets and keys: {@code consistent} (default), {@code degraded} or {@code dangerous}. Must
 *     be the same on every node.
 * @param rpcSecret the cluster secret as 64 hex digits. Default empty: read {@code rpcSecretFile}.
 * @param rpcSecretFile file holding the cluster secret when {@code rpcSecret} is empty; created
 *     with a fresh secret (owner-only) if missing. Default {@code ./data/rpc_secret}.
 * @param rpcTimeout connect and read timeout of one call to a metadata node. Default {@code 10s}.
 * @param metadataStartupWait how long the start waits for a metadata node to answer before the
 *     bootstrap gives up (only when a bootstrap key is configured). Default {@code 30s}, long
 *     enough for a metadata node started at the same time to open its database.
 * @param region the region named in error bodies (Garage's {@code s3_region}); keep it equal to the
 *     S3 gateway's. Default {@code garage}.
 * @param dataDir where layout-admin keeps its own state: the cluster layout history ({@code
 *     cluster_layout}). Default {@code ./data/admin}.
 * @param nodeUpTimeout how long after its last heartbeat a node still counts as up. Default {@code
 *     30s}: three missed heartbeats at the nodes' default period of 10 s.
 * @param bootstrap the default key and bucket ensured at every start, and the node of a single-node
 *     layout. Default: none.
 */
@ConfigurationProperties("remise.admin")
public record AdminProperties(
    String adminToken,
    String metricsToken,
    @DefaultValue("consistent") String consistencyMode,
    String rpcSecret,
    @DefaultValue("./data/rpc_secret") Path rpcSecretFile,
    @DefaultValue("10s") Duration rpcTimeout,
    @DefaultValue("30s") Duration metadataStartupWait,
    @DefaultValue("remise") String region,
    @DefaultValue("./data/admin") Path dataDir,
    @DefaultValue("30s") Duration nodeUpTimeout,
    @DefaultValue Bootstrap bootstrap) {

  public AdminProperties {
    ConsistencyMode.parse(consistencyMode);
    if (rpcTimeout.isNegative() || rpcTimeout.isZero()) {
      throw new IllegalArgumentException("remise.admin.rpc-timeout must be positive");
    }
    if (nodeUpTimeout.isNegative() || nodeUpTimeout.isZero()) {
      throw new IllegalArgumentException("remise.admin.node-up-timeout must be positive");
    }
    if (metadataStartupWait.isNegative()) {
      throw new IllegalArgumentException("remise.admin.metadata-startup-wait must not be negative");
    }
  }

  /** The parsed {@link #consistencyMode}. */
  public ConsistencyMode consistency() {
    return ConsistencyMode.parse(consistencyMode);
  }

  /**
   * The default access key and bucket (Garage's {@code --default-access-key} and {@code
   * --default-bucket}), ensured at every start: the key is imported with exactly this id and secret
   * and may create buckets; the bucket gets this global alias and read, write and owner rights for
   * the key. The start fails if the key exists with another secret.
   *
   * <p>And the single-node layout (Garage's {@code server --single-node}): when {@code nodeId} is
   * set and the cluster has no layout yet, that node gets both rings with one copy, as layout
   * version 1. A cluster that has a layout is never changed by it.
   *
   * @param accessKeyId {@code GK} + 24 hex digits. Default empty: no bootstrap.
   * @param secretKey 64 hex digits; required with {@code accessKeyId}.
   * @param keyName the key's name when it is created. Default {@code default}.
   * @param bucket the bucket's global alias. Default empty: no bucket.
   * @param nodeId the single node's id, 64 hex digits. Default empty: no single-node layout.
   * @param nodeZone the single node's zone. Default {@code dc1}.
   * @param nodeCapacity the single node's capacity (the launcher passes the size of the data dir's
   *     file system); required with {@code nodeId}.
   */
  public record Bootstrap(
      String accessKeyId,
      String secretKey,
      @DefaultValue("default") String keyName,
      String bucket,
      String nodeId,
      @DefaultValue("dc1") String nodeZone,
      DataSize nodeCapacity) {

    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");

    public Bootstrap {
      accessKeyId = blankToNull(accessKeyId);
      secretKey = blankToNull(secretKey);
      bucket = blankToNull(bucket);
      nodeId = blankToNull(nodeId);
      if (nodeId != null) {
        if (!NODE_ID.matcher(nodeId).matches()) {
          throw new IllegalArgumentException(
              "remise.admin.bootstrap.node-id must be 64 lowercase hex digits");
        }
        if (nodeCapacity == null || nodeCapacity.toBytes() <= 0) {
          throw new IllegalArgumentException(
              "remise.admin.bootstrap.node-capacity must be set to a positive size with node-id");
        }
        if (nodeZone == null || nodeZone.isBlank()) {
          throw new IllegalArgumentException("remise.admin.bootstrap.node-zone must not be empty");
        }
      }
      if ((accessKeyId == null) != (secretKey == null)) {
        throw new IllegalArgumentException(
            "remise.admin.bootstrap.access-key-id and secret-key must be set together");
      }
      if (bucket != null && accessKeyId == null) {
        throw new IllegalArgumentException(
            "remise.admin.bootstrap.bucket needs remise.admin.bootstrap.access-key-id");
      }
    }

    public boolean enabled() {
      return accessKeyId != null;
    }

    /** Whether a single-node layout is bootstrapped. */
    public boolean singleNode() {
      return nodeId != null;
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
