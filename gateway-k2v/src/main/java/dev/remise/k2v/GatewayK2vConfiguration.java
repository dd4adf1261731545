package dev.remise.k2v;

import dev.remise.core.NodeIdFile;
import dev.remise.rpc.HeartbeatSender;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcSecret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayK2vConfiguration {
  @Bean
  ServletRegistrationBean<K2vNotImplementedServlet> k2vServlet() {
    var registration = new ServletRegistrationBean<>(new K2vNotImplementedServlet(), "/*");
    registration.setName("k2v");
    return registration;
  }

  /**
   * This gateway's copy of the cluster layout, beside its secret file and node id. A process
   * running several roles under one node id passes them one shared instance (registered before this
   * configuration is read), so the node has one copy and one writer of its trackers.
   */
  @Bean
  @ConditionalOnMissingBean
  NodeLayout nodeLayout(K2vProperties properties) throws IOException {
    Path dir = properties.rpcSecretFile().toAbsolutePath().getParent();
    return NodeLayout.open(dir, NodeIdFile.configuredOrFile(properties.nodeId(), dir));
  }

  /** Heartbeats to layout-admin when {@code remise.k2v.layout-admin} is set; none otherwise. */
  @Bean(destroyMethod = "close")
  HeartbeatSender heartbeatSender(K2vProperties properties, NodeLayout layout) throws IOException {
    if (properties.layoutAdmin() == null) {
      return HeartbeatSender.disabled();
    }
    RpcAuth auth =
        new RpcAuth(
            RpcSecret.configured(properties.rpcSecret(), properties.rpcSecretFile()),
            InstantSource.system());
    return HeartbeatSender.to(
        properties.layoutAdmin(),
        auth,
        properties.heartbeatInterval(),
        layout.self(),
        "gateway-k2v",
        null,
        null,
        layout);
  }

  /** Starts the heartbeats once the K2V port is open (not the separate management port). */
  @Bean
  ApplicationListener<WebServerInitializedEvent> heartbeatOnStart(
      HeartbeatSender sender, K2vProperties properties) {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) {
        sender.startOnPort(properties.advertisedAddress(), event.getWebServer().getPort());
      }
    };
  }
}
