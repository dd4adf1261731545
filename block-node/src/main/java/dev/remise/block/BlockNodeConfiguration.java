package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.NodeIdFile;
import dev.remise.core.background.WorkerRunner;
import dev.remise.datablock.Compression;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.BlockNodes;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.HeartbeatSender;
import dev.remise.rpc.InProcessRoles;
import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthFilter;
import dev.remise.rpc.RpcClients;
import dev.remise.rpc.RpcSecret;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
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
  private static final Duration RESYNC_IDLE = Duration.ofSeconds(1);
  private static final Duration SYNC_IDLE = Duration.ofSeconds(1);
  private static final Duration SCRUB_IDLE = Duration.ofSeconds(10);
  private static final Duration REF_GC_IDLE = Duration.ofMinutes(1);
  private static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PEER_READ_TIMEOUT = Duration.ofSeconds(60);

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  @Bean(destroyMethod = "close")
  MetadataDb metadataDb(BlockNodeProperties properties) throws IOException, RocksDBException {
    return MetadataDb.open(properties.metadataDir());
  }

  /**
   * Opens the data dirs, refusing to start on a dir whose marker does not match the metadata (a
   * wrong disk), and remembers the data layout for the next start. A node that ran with one data
   * dir before layouts were remembered has its marker under the older key.
   */
  @Bean
  BlockStore blockStore(BlockNodeProperties properties, MetadataDb db)
      throws IOException, RocksDBException {
    List<BlockStore.DirConfig> dirs = properties.dataDirConfigs();
    Optional<DataLayout> remembered = db.dataLayout();
    Optional<String> legacyMarker = db.dataDirMarker();
    if (remembered.isEmpty() && legacyMarker.isPresent() && dirs.size() == 1) {
      String path = dirs.getFirst().path().toAbsolutePath().normalize().toString();
      remembered =
          Optional.of(
              DataLayout.initialize(
                  List.of(new DataLayout.DirEntry(path, 1, false, legacyMarker.get()))));
    }
    return BlockStore.open(dirs, properties.dataFsync(), remembered, db::rememberDataLayout);
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
   * but never busy-loops on a zero delay. Writes that make a block deletable also wake it. Before
   * deleting a block it hands it to the nodes of its current placement that need it.
   */
  @Bean(destroyMethod = "close")
  WorkerRunner blockGcRunner(
      BlockRefStore refs,
      BlockStore store,
      BlockMetrics metrics,
      InstantSource clock,
      BlockNodeProperties properties,
      BlockResync resync) {
    Duration idle = properties.blockGcDelay();
    idle = idle.compareTo(MAX_GC_IDLE) > 0 ? MAX_GC_IDLE : idle;
    idle = idle.compareTo(MIN_GC_IDLE) < 0 ? MIN_GC_IDLE : idle;
    return new WorkerRunner(new BlockGcWorker(refs, store, metrics, clock, resync::offload), idle)
        .start();
  }

  @Bean
  ResyncQueue resyncQueue(MetadataDb db, BlockMetrics metrics, MeterRegistry registry) {
    ResyncQueue queue = new ResyncQueue(db);
    metrics.watchResync(registry, queue);
    return queue;
  }

  @Bean
  ResyncTunables resyncTunables(BlockNodeProperties properties) {
    return new ResyncTunables(properties.resyncWorkerCount(), properties.resyncTranquility());
  }

  /**
   * Calls to the other block nodes (resync fetches, offload, anti-entropy), placed by this node's
   * layout copy. A refused call fails at once; the callers retry with their own backoff.
   */
  @Bean
  BlockClient peerBlockClient(RpcAuth auth, NodeLayout layout, BlockNodeProperties properties) {
    BlockRpc rpc =
        RpcClients.builder(auth, PEER_CONNECT_TIMEOUT, PEER_READ_TIMEOUT)
            .target(new NodeAddressedTarget<>(BlockRpc.class, "block-node"));
    return new BlockClient(
        rpc,
        BlockNodes.of(layout, properties.consistency()),
        Compression.NONE,
        BlockClient.DEFAULT_RAM_BUFFER);
  }

  @Bean
  BlockResync blockResync(
      BlockStore store,
      BlockRefStore refs,
      BlockClient peerBlockClient,
      NodeLayout layout,
      BlockMetrics metrics,
      InstantSource clock) {
    return new BlockResync(store, refs, peerBlockClient, layout, metrics, clock);
  }

  /**
   * {@value ResyncTunables#MAX_WORKERS} resync workers sharing the queue; {@code
   * resync-worker-count} of them work, the others idle until the count is raised.
   */
  @Bean
  ResyncWorkers resyncWorkers(
      ResyncQueue queue, BlockResync resync, ResyncTunables tunables, InstantSource clock) {
    Set<Hash> busy = ResyncWorker.newBusySet();
    List<WorkerRunner> runners = new ArrayList<>();
    for (int i = 0; i < ResyncTunables.MAX_WORKERS; i++) {
      runners.add(
          new WorkerRunner(new ResyncWorker(i, queue, resync, tunables, clock, busy), RESYNC_IDLE)
              .start());
    }
    return new ResyncWorkers(runners);
  }

  /** The resync workers, woken together when a block becomes due now. */
  record ResyncWorkers(List<WorkerRunner> runners) implements AutoCloseable {
    void wake() {
      runners.forEach(WorkerRunner::wake);
    }

    @Override
    public void close() {
      runners.forEach(WorkerRunner::close);
    }
  }

  /**
   * block_ref anti-entropy: a pass every interval, and at once when a new layout version arrives
   * (not on every tracker update, which would start passes back to back during a transition).
   */
  @Bean(destroyMethod = "close")
  WorkerRunner blockRefSyncRunner(
      BlockRefStore refs,
      BlockManager manager,
      BlockClient peerBlockClient,
      NodeLayout layout,
      InstantSource clock,
      BlockNodeProperties properties) {
    BlockRefSyncer syncer =
        new BlockRefSyncer(
            refs,
            manager,
            peerBlockClient,
            layout,
            properties.consistency(),
            clock,
            properties.blockRefSyncInterval(),
            properties.blockRefSyncFirstDelay(),
            new Random());
    WorkerRunner runner = new WorkerRunner(syncer, SYNC_IDLE).start();
    AtomicLong seenVersion = new AtomicLong(layout.currentVersion());
    layout.onChange(
        () -> {
          long version = layout.currentVersion();
          if (seenVersion.getAndSet(version) != version) {
            syncer.requestPass();
            runner.wake();
          }
        });
    return runner;
  }

  @Bean
  BlockManager blockManager(
      BlockStore store,
      BlockRefStore refs,
      ResyncQueue resyncQueue,
      BlockMetrics metrics,
      InstantSource clock,
      BlockNodeProperties properties,
      WorkerRunner blockGcRunner,
      ResyncWorkers resyncWorkers) {
    return new BlockManager(
        store,
        refs,
        resyncQueue,
        metrics,
        clock,
        properties.resyncCheckDelay(),
        blockGcRunner::wake,
        resyncWorkers::wake);
  }

  /** Table GC of block_ref tombstones ({@link BlockRefGcWorker}), looking once a minute. */
  @Bean(destroyMethod = "close")
  WorkerRunner blockRefGcRunner(
      BlockRefStore refs,
      BlockClient peerBlockClient,
      NodeLayout layout,
      InstantSource clock,
      BlockNodeProperties properties) {
    return new WorkerRunner(
            new BlockRefGcWorker(
                refs,
                peerBlockClient,
                layout,
                properties.consistency(),
                clock,
                properties.blockRefGcDelay()),
            REF_GC_IDLE)
        .start();
  }

  /** Scrub: every block re-verified, corrupt ones resynced; see {@link ScrubWorker}. */
  @Bean
  ScrubWorker scrubWorker(
      BlockStore store,
      BlockManager manager,
      MetadataDb db,
      InstantSource clock,
      BlockNodeProperties properties) {
    return new ScrubWorker(
        store,
        hash -> {
          try {
            manager.resyncNow(hash);
          } catch (RocksDBException e) {
            throw new IllegalStateException("cannot queue block " + hash + " for resync", e);
          }
        },
        db,
        clock,
        !properties.disableScrub(),
        properties.scrubTranquility(),
        new Random());
  }

  @Bean(destroyMethod = "close")
  WorkerRunner scrubRunner(ScrubWorker scrub) {
    return new WorkerRunner(scrub, SCRUB_IDLE).start();
  }

  /** The node operations of the admin API v2 on this node ({@link BlockAdminController}). */
  @Bean
  BlockAdmin blockAdmin(
      BlockStore store,
      BlockRefStore refs,
      ResyncQueue queue,
      BlockManager manager,
      ResyncTunables tunables,
      ScrubWorker scrub,
      WorkerRunner scrubRunner,
      WorkerRunner blockRefSyncRunner,
      WorkerRunner blockGcRunner,
      WorkerRunner blockRefGcRunner,
      ResyncWorkers resyncWorkers,
      InstantSource clock) {
    List<WorkerRunner> all = new ArrayList<>();
    all.add(blockGcRunner);
    all.add(blockRefGcRunner);
    all.add(blockRefSyncRunner);
    all.add(scrubRunner);
    all.addAll(resyncWorkers.runners());
    BlockRefSyncer syncer = (BlockRefSyncer) blockRefSyncRunner.worker();
    return new BlockAdmin(
        store,
        refs,
        queue,
        manager,
        tunables,
        scrub,
        scrubRunner::wake,
        () -> {
          syncer.requestPass();
          blockRefSyncRunner.wake();
        },
        all,
        clock);
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
    NodeId id = NodeIdFile.configuredOrFile(properties.nodeId(), properties.firstDataDir());
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
        properties.firstDataDir(),
        null,
        layout);
  }

  /**
   * Starts the heartbeats once the main port is open, with the port actually bound (the management
   * port, when separate, has its own namespace and is skipped).
   */
  @Bean
  ApplicationListener<WebServerInitializedEvent> heartbeatOnStart(
      HeartbeatSender sender,
      BlockNodeProperties properties,
      BlockRpcHandler blocks,
      ObjectProvider<InProcessRoles> inProcess) {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) {
        URI address =
            properties.advertisedAddress() != null
                ? properties.advertisedAddress()
                : HeartbeatSender.localAddress(event.getWebServer().getPort());
        InProcessRoles roles = inProcess.getIfAvailable();
        if (roles != null) {
          roles.serve(BlockRpc.class, address, new InProcessBlockRpc(blocks, address));
          // Withdrawn as the context starts closing, before the port does.
          ((ConfigurableApplicationContext) event.getApplicationContext())
              .addApplicationListener(
                  e -> {
                    if (e instanceof ContextClosedEvent) {
                      roles.withdraw(BlockRpc.class, address);
                    }
                  });
        }
        sender.start(address);
      }
    };
  }

  @Bean
  BlockRpcHandler blockRpcHandler(
      BlockManager blocks, BlockRefStore refs, BlockNodeProperties properties) {
    return new BlockRpcHandler(blocks, refs, properties);
  }
}
