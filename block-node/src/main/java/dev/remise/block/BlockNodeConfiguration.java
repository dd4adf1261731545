package dev.remise.block;

import dev.remise.core.NodeId;
import dev.remise.core.NodeIdFile;
import dev.remise.core.background.WorkerRunner;
import dev.remise.rpc.HeartbeatSender;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthFilter;
import dev.remise.rpc.RpcSecret;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import org.rocksdb.RocksDBException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Builds the block node's domain objects with {@code new}: they know nothing of Spring, which only
 * wires them and closes them on shutdown (in reverse order: GC worker, then the metadata DB).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BlockNodeProperties.class)
class BlockNodeConfiguration {
  private static final Duration MAX_GC_IDLE = Duration.ofSeconds(30);
  private static final Duration MIN_GC_IDLE = Duration.ofSeconds(1);

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  @Bean(destroyMethod = "close")
  MetadataDb metadataDb(BlockNodeProperties properties) throws IOException, RocksDBException {
    return MetadataDb.open(properties.metadataDir());
  }

  /** Refuses to start on a data dir whose marker does not match the metadata (wrong disk). */
  @Bean
  BlockStore blockStore(BlockNodeProperties properties, MetadataDb db)
      throws IOException, RocksDBException {
    BlockStore store =
        BlockStore.open(properties.dataDir(), properties.dataFsync(), db.dataDirMarker());
    db.rememberDataDirMarker(store.markerId());
    return store;
  }

  @Bean
  BlockRefStore blockRefStore(MetadataDb db, InstantSource clock, BlockNodeProperties properties)
      throws RocksDBException {
    return new BlockRefStore(db, clock, properties.blockGcDelay());
  }

  @Bean
  BlockMetrics blockMetrics(MeterRegistry registry, BlockRefStore refs) {
    return new BlockMetrics(registry, refs);
  }

  /**
   * Polls at most every 30 s, sooner when the GC delay is shorter (so a short delay is honoured),
   * but never busy-loops on a zero delay. Writes that make a block deletable also wake it.
   */
  @Bean(destroyMethod = "close")
  WorkerRunner blockGcRunner(
      BlockRefStore refs,
      BlockStore store,
      BlockMetrics metrics,
      InstantSource clock,
      BlockNodeProperties properties) {
    Duration idle = properties.blockGcDelay();
    idle = idle.compareTo(MAX_GC_IDLE) > 0 ? MAX_GC_IDLE : idle;
    idle = idle.compareTo(MIN_GC_IDLE) < 0 ? MIN_GC_IDLE : idle;
    return new WorkerRunner(new BlockGcWorker(refs, store, metrics, clock), idle).start();
  }

  @Bean
  BlockManager blockManager(
      BlockStore store, BlockRefStore refs, BlockMetrics metrics, WorkerRunner blockGcRunner) {
    return new BlockManager(store, refs, metrics, blockGcRunner::wake);
  }

  /** The cluster secret: {@code rpc-secret} if set, else the secret file (created if missing). */
  @Bean
  RpcAuth rpcAuth(BlockNodeProperties properties, InstantSource clock) throws IOException {
    RpcSecret secret = RpcSecret.configured(properties.rpcSecret(), properties.rpcSecretFile());
    return new RpcAuth(secret, clock);
  }

  /** Every path needs the cluster-secret proof, except GET /health and GET /metrics. */
  @Bean
  FilterRegistrationBean<RpcAuthFilter> rpcAuthFilter(RpcAuth auth) {
    FilterRegistrationBean<RpcAuthFilter> registration =
        new FilterRegistrationBean<>(new RpcAuthFilter(auth));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /**
   * This node's copy of the cluster layout, {@code <metadata dir>/cluster_layout}, beside the block
   * reference table rather than among the blocks. A process running several roles under one node id
   * passes them one shared instance (registered before this configuration is read), so the node has
   * one copy and one writer of its trackers.
   */
  @Bean
  @ConditionalOnMissingBean
  NodeLayout nodeLayout(BlockNodeProperties properties) throws IOException {
    NodeId id = NodeIdFile.configuredOrFile(properties.nodeId(), properties.dataDir());
    return NodeLayout.open(properties.metadataDir(), id);
  }

  /** Heartbeats to layout-admin when {@code remise.block.layout-admin} is set; none otherwise. */
  @Bean(destroyMethod = "close")
  HeartbeatSender heartbeatSender(BlockNodeProperties properties, RpcAuth auth, NodeLayout layout) {
    if (properties.layoutAdmin() == null) {
      return HeartbeatSender.disabled();
    }
    return HeartbeatSender.to(
        properties.layoutAdmin(),
        auth,
        properties.heartbeatInterval(),
        layout.self(),
        "block-node",
        properties.dataDir(),
        null,
        layout);
  }

  /**
   * Starts the heartbeats once the main port is open, with the port actually bound (the management
   * port, when separate, has its own namespace and is skipped).
   */
  @Bean
  ApplicationListener<WebServerInitializedEvent> heartbeatOnStart(
      HeartbeatSender sender, BlockNodeProperties properties) {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) {
        sender.startOnPort(properties.advertisedAddress(), event.getWebServer().getPort());
      }
    };
  }
}
