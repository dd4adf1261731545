package dev.remise.metadata;

import dev.remise.core.NodeId;
import dev.remise.core.NodeIdFile;
import dev.remise.datablock.Compression;
import dev.remise.metadata.rpc.InProcessTableRpc;
import dev.remise.metadata.rpc.PlacedBlockRefSink;
import dev.remise.metadata.rpc.TableRpcHandler;
import dev.remise.metadata.table.BlockRefSink;
import dev.remise.metadata.table.Tables;
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
import dev.remise.rpc.TableClient;
import dev.remise.rpc.TablePlacement;
import dev.remise.rpc.TableRpc;
import feign.micrometer.MicrometerCapability;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Internal RPC: the cluster secret, the filter that makes every internal call prove it, and the
 * Feign client this node uses to reach block nodes.
 */
@Configuration(proxyBeanMethods = false)
class RpcConfiguration {

  /** A block node that does not accept the connection this fast is treated as down. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A block_ref batch is at most 1024 small entries, merged in one transaction each: far below this
   * even on a loaded disk. Failures are retried by the insert queue, so no need to wait long.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  @Bean
  RpcSecret rpcSecret(MetadataNodeProperties properties) throws IOException {
    return RpcSecret.configured(properties.rpcSecret(), properties.rpcSecretFile());
  }

  @Bean
  RpcAuth rpcAuth(RpcSecret secret, InstantSource clock) {
    return new RpcAuth(secret, clock);
  }

  /**
   * Every path needs a proof of the cluster secret, except GET /health and /metrics. Ordered after
   * Spring's observation filter, so rejected calls still show in the request metrics.
   */
  @Bean
  FilterRegistrationBean<RpcAuthFilter> rpcAuthFilter(RpcAuth auth) {
    FilterRegistrationBean<RpcAuthFilter> registration =
        new FilterRegistrationBean<>(new RpcAuthFilter(auth));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * A client of {@link BlockRpc} on explicit node addresses (the {@code URI} argument). Feign never
   * retries by itself: the insert queue keeps failed entries and retries them with back-off.
   */
  @Bean
  BlockRpc blockRpc(
      RpcAuth auth, MeterRegistry registry, ObjectProvider<InProcessRoles> inProcess) {
    return preferLocal(
        inProcess,
        BlockRpc.class,
        RpcClients.builder(auth, CONNECT_TIMEOUT, READ_TIMEOUT)
            .addCapability(new MicrometerCapability(registry))
            .target(new NodeAddressedTarget<>(BlockRpc.class, "block-node")));
  }

  /**
   * A client of the peers' table RPC; a refused call fails at once so the quorum logic moves on.
   */
  @Bean
  TableRpc tableRpc(
      RpcAuth auth, MeterRegistry registry, ObjectProvider<InProcessRoles> inProcess) {
    return preferLocal(
        inProcess,
        TableRpc.class,
        RpcClients.builder(auth, CONNECT_TIMEOUT, READ_TIMEOUT)
            .dismiss404()
            .addCapability(new MicrometerCapability(registry))
            .target(new NodeAddressedTarget<>(TableRpc.class, "metadata-node")));
  }

  /**
   * {@code remote}, except for calls to the roles of this process when it runs several ({@code
   * remise server}): those are made directly ({@link InProcessRoles}).
   */
  static <T> T preferLocal(ObjectProvider<InProcessRoles> inProcess, Class<T> api, T remote) {
    InProcessRoles roles = inProcess.getIfAvailable();
    return roles == null ? remote : roles.preferLocal(api, remote);
  }

  @Bean
  TableRpcHandler tableRpcHandler(Tables tables, MeterRegistry registry) {
    return new TableRpcHandler(tables, registry);
  }

  /**
   * Quorum writes of the cascades this node's insert queue delivers, placed by this node's layout
   * copy like every other table write.
   */
  @Bean
  TableClient tableClient(TableRpc tableRpc, NodeLayout layout, MetadataNodeProperties properties) {
    return new TableClient(tableRpc, TablePlacement.of(layout, properties.consistency()));
  }

  /**
   * block_ref cascades go to the block nodes the block ring places them on. This node sends no
   * block data, so the client's compression and RAM buffer are unused.
   */
  @Bean
  BlockRefSink blockRefSink(
      BlockRpc blockRpc, NodeLayout layout, MetadataNodeProperties properties) {
    return new PlacedBlockRefSink(
        new BlockClient(
            blockRpc,
            BlockNodes.of(layout, properties.consistency()),
            Compression.NONE,
            BlockClient.DEFAULT_RAM_BUFFER));
  }

  /**
   * This node's copy of the cluster layout, {@code <metadata dir>/cluster_layout}. A process
   * running several roles under one node id passes them one shared instance (registered before this
   * configuration is read), so the node has one copy and one writer of its trackers.
   */
  @Bean
  @ConditionalOnMissingBean
  NodeLayout nodeLayout(MetadataNodeProperties properties) throws IOException {
    NodeId id = NodeIdFile.configuredOrFile(properties.nodeId(), properties.metadataDir());
    return NodeLayout.open(properties.metadataDir(), id);
  }

  /**
   * Heartbeats to layout-admin when {@code remise.metadata.layout-admin} is set; none otherwise.
   */
  @Bean(destroyMethod = "close")
  HeartbeatSender heartbeatSender(
      MetadataNodeProperties properties, RpcAuth auth, NodeLayout layout) {
    if (properties.layoutAdmin() == null) {
      return HeartbeatSender.disabled();
    }
    return HeartbeatSender.to(
        properties.layoutAdmin(),
        auth,
        properties.heartbeatInterval(),
        layout.self(),
        "metadata-node",
        null,
        properties.metadataDir(),
        layout);
  }

  /**
   * Starts the heartbeats once the main port is open, with the port actually bound (the management
   * port, when separate, has its own namespace and is skipped).
   */
  @Bean
  ApplicationListener<WebServerInitializedEvent> heartbeatOnStart(
      HeartbeatSender sender,
      MetadataNodeProperties properties,
      TableRpcHandler tables,
      ObjectProvider<InProcessRoles> inProcess) {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) {
        URI address =
            properties.advertisedAddress() != null
                ? properties.advertisedAddress()
                : HeartbeatSender.localAddress(event.getWebServer().getPort());
        InProcessRoles roles = inProcess.getIfAvailable();
        if (roles != null) {
          roles.serve(TableRpc.class, address, new InProcessTableRpc(tables, address));
          // Withdrawn as the context starts closing, before the port does.
          ((ConfigurableApplicationContext) event.getApplicationContext())
              .addApplicationListener(
                  e -> {
                    if (e instanceof ContextClosedEvent) {
                      roles.withdraw(TableRpc.class, address);
                    }
                  });
        }
        sender.start(address);
      }
    };
  }
}
