package dev.remise.s3;

import dev.remise.core.NodeIdFile;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.BlockNodes;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.HeartbeatSender;
import dev.remise.rpc.InProcessRoles;
import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcClients;
import dev.remise.rpc.RpcSecret;
import dev.remise.rpc.TableClient;
import dev.remise.rpc.TablePlacement;
import dev.remise.rpc.TableRpc;
import dev.remise.s3.access.AccessCache;
import dev.remise.s3.access.AccessKeys;
import dev.remise.s3.access.BucketDirectory;
import dev.remise.s3.api.S3Router;
import dev.remise.s3.object.MultipartUploads;
import dev.remise.s3.object.ObjectReader;
import dev.remise.s3.object.ObjectWriter;
import dev.remise.s3.web.BucketEndpoints;
import dev.remise.s3.web.ObjectEndpoints;
import dev.remise.s3.web.S3Servlet;
import dev.remise.sigv4.SigV4Verifier;
import feign.Feign;
import feign.micrometer.MicrometerCapability;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the gateway's object graph with plain constructors; Spring only wires it to the web
 * server.
 */
@Configuration(proxyBeanMethods = false)
class GatewayS3Configuration {
  /** Keys and aliases in use at once; beyond this the cache starts over. */
  private static final int ACCESS_CACHE_ENTRIES = 10_000;

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  @Bean
  RpcAuth rpcAuth(S3Properties props, InstantSource clock) throws IOException {
    RpcSecret secret = RpcSecret.configured(props.rpcSecret(), props.rpcSecretFile());
    return new RpcAuth(secret, clock);
  }

  private static Feign.Builder feign(RpcAuth auth, MeterRegistry meters) {
    return RpcClients.builder(auth, Duration.ofSeconds(5), Duration.ofSeconds(60))
        .addCapability(new MicrometerCapability(meters))
        .dismiss404();
  }

  /**
   * Quorum calls to the metadata nodes the layout places each entry on, at the addresses the
   * heartbeats taught this node ({@link NodeLayout}).
   */
  @Bean
  TableClient tableClient(
      S3Properties props,
      RpcAuth auth,
      MeterRegistry meters,
      NodeLayout layout,
      ObjectProvider<InProcessRoles> inProcess) {
    return new TableClient(
        preferLocal(
            inProcess,
            TableRpc.class,
            feign(auth, meters).target(new NodeAddressedTarget<>(TableRpc.class, "metadata-node"))),
        TablePlacement.of(layout, props.consistency()));
  }

  /**
   * {@code remote}, except for calls to the storage roles of this process when it runs a whole node
   * ({@code remise server}): those are made directly ({@link InProcessRoles}).
   */
  private static <T> T preferLocal(
      ObjectProvider<InProcessRoles> inProcess, Class<T> api, T remote) {
    InProcessRoles roles = inProcess.getIfAvailable();
    return roles == null ? remote : roles.preferLocal(api, remote);
  }

  /** Block calls to the nodes the layout's block ring places each block on. */
  @Bean
  BlockClient blockClient(
      S3Properties props,
      RpcAuth auth,
      MeterRegistry meters,
      NodeLayout layout,
      ObjectProvider<InProcessRoles> inProcess) {
    return new BlockClient(
        preferLocal(
            inProcess,
            BlockRpc.class,
            feign(auth, meters).target(new NodeAddressedTarget<>(BlockRpc.class, "block-node"))),
        BlockNodes.of(layout, props.consistency()),
        props.compression(),
        props.blockRamBufferMax().toBytes());
  }

  @Bean
  ServletRegistrationBean<S3Servlet> s3Servlet(
      S3Properties props,
      TableClient tables,
      BlockClient blocks,
      InstantSource clock,
      MeterRegistry meters) {
    var cache = new AccessCache(tables, clock, props.accessCacheTtl(), ACCESS_CACHE_ENTRIES);
    var keys = new AccessKeys(cache);
    var directory = new BucketDirectory(tables, cache, keys, clock);
    var writer = new ObjectWriter(tables, blocks, clock, (int) props.blockSize().toBytes());
    var reader = new ObjectReader(tables, blocks);
    var servlet =
        new S3Servlet(
            props.rootDomain() == null || props.rootDomain().isBlank()
                ? new S3Router()
                : new S3Router(props.rootDomain()),
            new SigV4Verifier(props.region(), "s3", clock),
            keys,
            new BucketEndpoints(directory, tables, props.region()),
            new ObjectEndpoints(
                directory,
                tables,
                writer,
                reader,
                new MultipartUploads(tables, blocks, writer, clock),
                clock),
            meters);
    var registration = new ServletRegistrationBean<>(servlet, "/*");
    registration.setName("s3");
    return registration;
  }

  /**
   * Object keys may contain encoded slashes and characters Tomcat rejects by default; S3 clients
   * send them percent-encoded and the router decodes the raw path itself.
   */
  @Bean
  TomcatConnectorCustomizer s3Connector() {
    return connector -> {
      connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
      connector.setProperty("relaxedPathChars", "[]|{}^\\`\"<>");
      connector.setProperty("relaxedQueryChars", "[]|{}^\\`\"<>");
      connector.setAllowBackslash(true);
    };
  }

  /**
   * This gateway's copy of the cluster layout, {@code cluster_layout} beside its secret file and
   * node id (a gateway has no data directory). Gateways serve no internal port, so they are never
   * pushed to: they pull after a heartbeat whose digest differs from theirs. A process running
   * several roles under one node id passes them one shared instance (registered before this
   * configuration is read), so the node has one copy and one writer of its trackers.
   */
  @Bean
  @ConditionalOnMissingBean
  NodeLayout nodeLayout(S3Properties properties) throws IOException {
    Path dir = properties.rpcSecretFile().toAbsolutePath().getParent();
    return NodeLayout.open(dir, NodeIdFile.configuredOrFile(properties.nodeId(), dir));
  }

  /** Heartbeats to layout-admin when {@code remise.s3.layout-admin} is set; none otherwise. */
  @Bean(destroyMethod = "close")
  HeartbeatSender heartbeatSender(S3Properties properties, RpcAuth auth, NodeLayout layout) {
    if (properties.layoutAdmin() == null) {
      return HeartbeatSender.disabled();
    }
    return HeartbeatSender.to(
        properties.layoutAdmin(),
        auth,
        properties.heartbeatInterval(),
        layout.self(),
        "gateway-s3",
        null,
        null,
        layout);
  }

  /**
   * Starts the heartbeats once the main port is open, with the port actually bound (the management
   * port, when separate, has its own namespace and is skipped).
   */
  @Bean
  ApplicationListener<WebServerInitializedEvent> heartbeatOnStart(
      HeartbeatSender sender, S3Properties properties) {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) {
        sender.startOnPort(properties.advertisedAddress(), event.getWebServer().getPort());
      }
    };
  }
}
