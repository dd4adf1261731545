package dev.remise.admin;

import dev.remise.admin.access.AdminTables;
import dev.remise.admin.access.Bootstrap;
import dev.remise.admin.access.BucketAdmin;
import dev.remise.admin.access.KeyAdmin;
import dev.remise.admin.api.AdminApiMetrics;
import dev.remise.admin.api.AdminApiMetricsFilter;
import dev.remise.admin.api.AdminAuthInterceptor;
import dev.remise.admin.api.BearerToken;
import dev.remise.admin.api.MetricsTokenFilter;
import dev.remise.admin.blocks.BlockPurge;
import dev.remise.admin.cluster.LayoutPublisher;
import dev.remise.admin.cluster.NodeRegistry;
import dev.remise.admin.layout.LayoutService;
import dev.remise.admin.metadata.AdminTablePlacement;
import dev.remise.admin.metadata.MetadataClient;
import dev.remise.admin.metadata.RpcMetadataClient;
import dev.remise.core.NodeId;
import dev.remise.layout.RingParameters;
import dev.remise.rpc.BlockAdminRpc;
import dev.remise.rpc.LayoutRpc;
import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthFilter;
import dev.remise.rpc.RpcClients;
import dev.remise.rpc.RpcSecret;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds layout-admin's domain objects with {@code new}: the services know nothing of Spring, which
 * only wires them, gates {@code /v2} and {@code /metrics}, and runs the bootstrap once the port is
 * open. Tests replace the {@link MetadataClient} bean with an in-memory one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class LayoutAdminConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(LayoutAdminConfiguration.class);
  private static final Duration METADATA_RETRY_PAUSE = Duration.ofMillis(500);

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  /** Key ids, secrets and bucket ids must be unguessable. */
  @Bean
  RandomGenerator adminRandom() {
    return new SecureRandom();
  }

  /** The cluster secret: {@code rpc-secret} if set, else the secret file (created if missing). */
  @Bean
  RpcAuth rpcAuth(AdminProperties properties, InstantSource clock) throws IOException {
    RpcSecret secret = RpcSecret.configured(properties.rpcSecret(), properties.rpcSecretFile());
    return new RpcAuth(secret, clock);
  }

  /**
   * Quorum calls to the metadata nodes, placed by layout-admin's own history at the addresses the
   * nodes' heartbeats gave.
   */
  @Bean
  MetadataClient metadataClient(
      AdminProperties properties,
      RpcAuth auth,
      MeterRegistry registry,
      LayoutService layout,
      NodeRegistry nodes) {
    return RpcMetadataClient.create(
        new AdminTablePlacement(layout, nodes, properties.consistency()),
        auth,
        properties.rpcTimeout(),
        registry);
  }

  @Bean
  AdminTables adminTables(MetadataClient metadata) {
    return new AdminTables(metadata);
  }

  @Bean
  KeyAdmin keyAdmin(AdminTables tables, InstantSource clock, RandomGenerator adminRandom) {
    return new KeyAdmin(tables, clock, adminRandom);
  }

  @Bean
  BucketAdmin bucketAdmin(
      AdminTables tables, KeyAdmin keys, InstantSource clock, RandomGenerator adminRandom) {
    return new BucketAdmin(tables, keys, clock, adminRandom);
  }

  /**
   * Ensures the default key and bucket once the port is open: the metadata nodes are only reachable
   * once their heartbeats have reached this port and a layout names them. Runs in the background
   * until it succeeds; the single-node launcher waits for {@link BootstrapOnReady#completion()}.
   */
  @Bean
  BootstrapOnReady bootstrapOnReady(
      AdminProperties properties, AdminTables tables, BucketAdmin buckets, InstantSource clock) {
    return new BootstrapOnReady(
        properties.bootstrap(),
        new Bootstrap(tables, buckets, clock),
        properties.metadataStartupWait(),
        METADATA_RETRY_PAUSE);
  }

  /**
   * The cluster layout, loaded from the data dir. A new cluster's rings default to Garage's
   * recommendation, three copies in as many zones as possible.
   */
  @Bean
  LayoutService layoutService(AdminProperties properties, InstantSource clock) throws IOException {
    return LayoutService.open(properties.dataDir(), clock, RingParameters.defaults());
  }

  /** The single-node layout, in place before the port opens (see {@link AdminProperties}). */
  @Bean
  SmartInitializingSingleton singleNodeLayoutOnStart(
      AdminProperties properties, LayoutService layout) {
    return () -> {
      AdminProperties.Bootstrap b = properties.bootstrap();
      if (b.singleNode()) {
        layout.bootstrapSingleNode(
            NodeId.fromHex(b.nodeId()), b.nodeZone(), b.nodeCapacity().toBytes());
      }
    };
  }

  @Bean
  NodeRegistry nodeRegistry(AdminProperties properties, InstantSource clock) {
    return new NodeRegistry(clock, properties.nodeUpTimeout());
  }

  /** One virtual thread per layout push, closed (waiting for pushes under way) at shutdown. */
  @Bean(destroyMethod = "close")
  ExecutorService layoutPushExecutor() {
    return Executors.newVirtualThreadPerTaskExecutor();
  }

  /**
   * Pushes new layout histories to the storage nodes. Feign never retries here: a node that misses
   * a push pulls at its next heartbeat.
   */
  @Bean
  LayoutPublisher layoutPublisher(
      AdminProperties properties,
      RpcAuth auth,
      NodeRegistry registry,
      ExecutorService layoutPushExecutor) {
    LayoutRpc rpc =
        RpcClients.builder(auth, properties.rpcTimeout(), properties.rpcTimeout())
            .target(new NodeAddressedTarget<>(LayoutRpc.class, "storage-node"));
    return new LayoutPublisher(registry, rpc, layoutPushExecutor);
  }

  @Bean
  BlockPurge blockPurge(MetadataClient metadataClient, InstantSource clock) {
    return new BlockPurge(metadataClient, clock);
  }

  /**
   * Calls to the block nodes' admin operations (admin API v2 node operations). A refused call
   * becomes that node's error in the answer.
   */
  @Bean
  BlockAdminRpc blockAdminRpc(AdminProperties properties, RpcAuth auth) {
    return RpcClients.builder(auth, properties.rpcTimeout(), properties.rpcTimeout())
        .target(new NodeAddressedTarget<>(BlockAdminRpc.class, "block-node"));
  }

  /**
   * The nodes' control plane ({@code /v1/*}, heartbeats) takes the cluster-secret proof, like every
   * internal port; {@code /v2/*} keeps the operator's bearer token.
   */
  @Bean
  FilterRegistrationBean<RpcAuthFilter> clusterRpcAuthFilter(RpcAuth auth) {
    FilterRegistrationBean<RpcAuthFilter> registration =
        new FilterRegistrationBean<>(new RpcAuthFilter(auth));
    registration.addUrlPatterns("/v1/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  AdminApiMetrics adminApiMetrics(MeterRegistry registry) {
    return new AdminApiMetrics(registry);
  }

  @Bean
  WebMvcConfigurer adminApiGate(AdminProperties properties) {
    BearerToken adminToken = BearerToken.of(properties.adminToken());
    if (!adminToken.configured()) {
      LOG.warn(
          "remise.admin.admin-token is not set: every /v2 admin API call will be refused (403)");
    }
    AdminAuthInterceptor gate = new AdminAuthInterceptor(adminToken);
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(gate).addPathPatterns("/v2/**");
      }
    };
  }

  @Bean
  FilterRegistrationBean<AdminApiMetricsFilter> adminApiMetricsFilter(AdminApiMetrics metrics) {
    FilterRegistrationBean<AdminApiMetricsFilter> registration =
        new FilterRegistrationBean<>(new AdminApiMetricsFilter(metrics));
    registration.addUrlPatterns("/v2/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<MetricsTokenFilter> metricsTokenFilter(
      AdminProperties properties, JsonMapper json) {
    FilterRegistrationBean<MetricsTokenFilter> registration =
        new FilterRegistrationBean<>(
            new MetricsTokenFilter(
                BearerToken.of(properties.metricsToken()), properties.region(), json));
    registration.addUrlPatterns("/metrics");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
