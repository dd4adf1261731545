package dev.remise.block;

import dev.remise.replication.ConsistencyMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the block-node role ({@code remise.block.*}).
 *
 * @param dataDir where blocks are stored, in Garage's layout {@code <dataDir>/ab/cd/<hash>}.
 *     Default {@code ./data/block}. Ignored when {@code dataDirs} is set.
 * @param dataDirs several data dirs (Garage's {@code data_dir} list): each {@code path} with a
 *     {@code capacity} (blocks are spread in proportion), or {@code read-only: true} (no new
 *     blocks; its blocks stay readable until {@code rebalance} moves them). Default empty: {@code
 *     dataDir} alone.
 * @param metadataDir the RocksDB holding block_ref, the local reference counts and the GC queue.
 *     Default {@code ./data/block-meta}. Put it on a fast disk; it is small.
 * @param rpcSecret the cluster secret as 64 hex digits. Default empty: read {@code rpcSecretFile}.
 * @param rpcSecretFile file holding the cluster secret when {@code rpcSecret} is empty; created
 *     with a fresh secret (owner-only) if missing. Default {@code ./data/rpc_secret}.
 * @param dataFsync fsync each block file and its directory before acknowledging a write. Default
 *     {@code false}, as Garage's {@code data_fsync}: replication is the durability mechanism, and a
 *     block lost in a power cut is fetched back by resync.
 * @param blockGcDelay how long a block whose reference count fell to zero (or whose reference never
 *     arrived) is kept before deletion. Default {@code 10m}, Garage's BLOCK_GC_DELAY: long enough
 *     for a re-reference racing the last dereference (Garage bug #39) to arrive.
 * @param maxBlockSize largest request body accepted (a block or a batch of block_ref entries).
 *     Default {@code 16MB}: sixteen times the default block size, so gateways with a larger
 *     configured block size still fit, while one request never holds more than this in memory.
 * @param nodeId this node's id, 64 hex digits. Default empty: the id kept in {@code
 *     <data-dir>/node_id}, made on the first start. The single-node launcher passes one id to all
 *     its roles.
 * @param layoutAdmin base URL of layout-admin (its admin port), where heartbeats go. Default empty:
 *     no heartbeats, the role runs on its own.
 * @param heartbeatInterval the period of heartbeats; the first leaves as soon as the port opens.
 *     Default {@code 10s}, as Garage's status exchange.
 * @param advertisedAddress the base URL other roles reach this one at, sent in heartbeats. Default
 *     empty: {@code http://<host name>:<port>}.
 * @param consistencyMode Garage's {@code consistency_mode}, the same on every node; here it only
 *     decides the quorum of the block_ref writes this node makes. Default {@code consistent}.
 * @param resyncCheckDelay how long after an upload references a block this node lacks resync checks
 *     that the block arrived and fetches it otherwise. Default {@code 10m}, Garage's twice the RPC
 *     timeout: the block write of that upload may still be on its way. References from a peer's
 *     anti-entropy are acted on at once.
 * @param resyncWorkerCount resync workers running at once, 1 to 8 (Garage's {@code
 *     resync-worker-count}, also settable at runtime). Default 1.
 * @param resyncTranquility how long a resync worker rests after each block, as a multiple of the
 *     time the block took (Garage's {@code resync-tranquility}). Default 2.
 * @param blockRefSyncInterval how often block_ref anti-entropy compares every partition with the
 *     other holders (and offloads partitions this node no longer holds). Default {@code 10m}, as
 *     Garage's table sync; a layout change starts a pass at once.
 * @param blockRefSyncFirstDelay how long after start the first anti-entropy pass runs. Default
 *     {@code 20s}: a restarted node catches up on what it missed without waiting a whole interval.
 * @param disableScrub Garage's {@code disable_scrub}: no automatic scrub pass (every 25 days plus
 *     up to 10); an operator can still start one. Default {@code false}.
 * @param scrubTranquility how long scrub rests after each block, as a multiple of the time it took
 *     (Garage's {@code scrub-tranquility}). Default 4.
 * @param blockRefGcDelay how long a block_ref tombstone is kept before table GC removes it from
 *     every holder. Default {@code 24h}, Garage's table GC delay.
 */
@ConfigurationProperties("remise.block")
public record BlockNodeProperties(
    @DefaultValue("./data/block") Path dataDir,
    List<DataDirProperties> dataDirs,
    @DefaultValue("./data/block-meta") Path metadataDir,
    String rpcSecret,
    @DefaultValue("./data/rpc_secret") Path rpcSecretFile,
    @DefaultValue("false") boolean dataFsync,
    @DefaultValue("10m") Duration blockGcDelay,
    @DefaultValue("16MB") DataSize maxBlockSize,
    String nodeId,
    URI layoutAdmin,
    @DefaultValue("10s") Duration heartbeatInterval,
    URI advertisedAddress,
    @DefaultValue("consistent") String consistencyMode,
    @DefaultValue("10m") Duration resyncCheckDelay,
    @DefaultValue("1") int resyncWorkerCount,
    @DefaultValue("2") int resyncTranquility,
    @DefaultValue("10m") Duration blockRefSyncInterval,
    @DefaultValue("20s") Duration blockRefSyncFirstDelay,
    @DefaultValue("false") boolean disableScrub,
    @DefaultValue("4") int scrubTranquility,
    @DefaultValue("24h") Duration blockRefGcDelay) {

  /** One entry of {@code data-dirs}. */
  public record DataDirProperties(Path path, DataSize capacity, boolean readOnly) {
    public DataDirProperties {
      if (path == null) {
        throw new IllegalArgumentException("remise.block.data-dirs: every entry needs a path");
      }
      if (!readOnly && (capacity == null || capacity.toBytes() <= 0)) {
        throw new IllegalArgumentException(
            "remise.block.data-dirs: " + path + " needs a capacity (or read-only: true)");
      }
    }
  }

  public BlockNodeProperties {
    dataDirs = dataDirs == null ? List.of() : List.copyOf(dataDirs);
    if (!dataDirs.isEmpty() && dataDirs.stream().allMatch(DataDirProperties::readOnly)) {
      throw new IllegalArgumentException(
          "remise.block.data-dirs: at least one data dir must be writable");
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("remise.block.heartbeat-interval must be positive");
    }
    ConsistencyMode.parse(consistencyMode);
    if (blockRefGcDelay.isNegative()) {
      throw new IllegalArgumentException("remise.block.block-ref-gc-delay must not be negative");
    }
    if (scrubTranquility < 0) {
      throw new IllegalArgumentException("remise.block.scrub-tranquility must not be negative");
    }
    new ResyncTunables(resyncWorkerCount, resyncTranquility);
    if (resyncCheckDelay.isNegative() || blockRefSyncFirstDelay.isNegative()) {
      throw new IllegalArgumentException(
          "remise.block.resync-check-delay and block-ref-sync-first-delay must not be negative");
    }
    if (blockRefSyncInterval.isNegative() || blockRefSyncInterval.isZero()) {
      throw new IllegalArgumentException("remise.block.block-ref-sync-interval must be positive");
    }
    if (blockGcDelay.isNegative()) {
      throw new IllegalArgumentException("remise.block.block-gc-delay must not be negative");
    }
    // One extra byte is read to detect an oversized body, so the limit must leave room for it.
    if (maxBlockSize.toBytes() <= 0 || maxBlockSize.toBytes() >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("remise.block.max-block-size must be in (0, 2 GiB)");
    }
  }

  /** The parsed {@link #consistencyMode}. */
  public ConsistencyMode consistency() {
    return ConsistencyMode.parse(consistencyMode);
  }

  /** The data dirs to open: {@code dataDirs}, or {@code dataDir} alone. */
  public List<BlockStore.DirConfig> dataDirConfigs() {
    if (dataDirs.isEmpty()) {
      return List.of(new BlockStore.DirConfig(dataDir, OptionalLong.empty(), false));
    }
    return dataDirs.stream()
        .map(
            d ->
                new BlockStore.DirConfig(
                    d.path(),
                    d.readOnly() ? OptionalLong.empty() : OptionalLong.of(d.capacity().toBytes()),
                    d.readOnly()))
        .toList();
  }

  /**
   * The dir that keeps {@code node_id} and whose file system heartbeats report: {@code dataDir}, or
   * the first of {@code dataDirs}.
   */
  public Path firstDataDir() {
    return dataDirs.isEmpty() ? dataDir : dataDirs.getFirst().path();
  }
}
