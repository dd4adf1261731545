package dev.remise.cli;

import dev.remise.block.BlockNodeApplication;
import dev.remise.core.NodeId;
import dev.remise.k2v.GatewayK2vApplication;
import dev.remise.metadata.MetadataNodeApplication;
import dev.remise.rpc.InProcessRoles;
import dev.remise.rpc.NodeLayout;
import dev.remise.s3.GatewayS3Application;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * How the four roles of one storage node (metadata-node, block-node, gateway-s3, gateway-k2v) are
 * configured: one node id, one cluster secret, one data dir, and one shared copy of the cluster
 * layout, as one node has one set of trackers. Used by the single-node server (which adds
 * layout-admin) and by {@code remise server} running a node of a multi-node cluster.
 *
 * <p>Table and block calls follow the layout (the metadata and block rings), at the addresses
 * learnt from layout-admin.
 */
final class NodeRoles {

  /**
   * @param publicBind address of the client-facing ports (S3, K2V)
   * @param internalBind address of the internal RPC and metrics ports
   * @param advertisedHost the host other processes reach this node at; {@code null}: the bind
   *     addresses, with a wildcard read as 127.0.0.1
   * @param extraProperties Spring properties given to every role, winning over the ones set here
   */
  record Settings(
      Path dataDir,
      NodeId nodeId,
      String region,
      String publicBind,
      String internalBind,
      String advertisedHost,
      Ports ports,
      URI layoutAdmin,
      Path rpcSecretFile,
      Map<String, String> extraProperties) {
    Settings {
      extraProperties = Map.copyOf(extraProperties);
    }
  }

  /** The ports of a node's four roles. */
  record Ports(int s3, int rpcMetadata, int k2v, int rpcBlock, int s3Metrics, int k2vMetrics) {
    static Ports defaults() {
      return new Ports(3900, 3901, 3904, 3905, 3910, 3914);
    }
  }

  /** One role to start: its application, with the properties given as command-line arguments. */
  record RoleLaunch(
      String role, Supplier<SpringApplicationBuilder> builder, Map<String, String> properties) {}

  private final Settings settings;
  private final NodeLayout layout;
  private final InProcessRoles inProcess = new InProcessRoles();

  NodeRoles(Settings settings, NodeLayout layout) {
    this.settings = settings;
    this.layout = layout;
  }

  NodeId nodeId() {
    return settings.nodeId();
  }

  URI metadataUrl() {
    return url(internalHost(), settings.ports().rpcMetadata());
  }

  URI blockUrl() {
    return url(internalHost(), settings.ports().rpcBlock());
  }

  URI s3Url() {
    return url(publicHost(), settings.ports().s3());
  }

  URI k2vUrl() {
    return url(publicHost(), settings.ports().k2v());
  }

  /** metadata-node then block-node: they start first, so the gateways find them answering. */
  List<RoleLaunch> storage() {
    Path data = settings.dataDir().toAbsolutePath();
    Ports p = settings.ports();
    String id = settings.nodeId().hex();

    Map<String, String> metadata = common(settings.internalBind(), p.rpcMetadata());
    metadata.put("remise.metadata.metadata-dir", data.resolve("meta").toString());
    metadata.put("remise.metadata.rpc-secret-file", secretFile());
    metadata.put("remise.metadata.node-id", id);
    metadata.put("remise.metadata.layout-admin", settings.layoutAdmin().toString());
    metadata.put("remise.metadata.advertised-address", metadataUrl().toString());

    Map<String, String> block = common(settings.internalBind(), p.rpcBlock());
    block.put("remise.block.data-dir", data.resolve("blocks").toString());
    block.put("remise.block.metadata-dir", data.resolve("block-meta").toString());
    block.put("remise.block.rpc-secret-file", secretFile());
    block.put("remise.block.node-id", id);
    block.put("remise.block.layout-admin", settings.layoutAdmin().toString());
    block.put("remise.block.advertised-address", blockUrl().toString());

    return List.of(
        launch("metadata-node", MetadataNodeApplication::builder, metadata),
        launch("block-node", BlockNodeApplication::builder, block));
  }

  /** gateway-s3 then gateway-k2v. */
  List<RoleLaunch> gateways() {
    Ports p = settings.ports();
    String id = settings.nodeId().hex();

    Map<String, String> s3 = common(settings.publicBind(), p.s3());
    s3.put("management.server.port", Integer.toString(p.s3Metrics()));
    s3.put("management.server.address", settings.internalBind());
    s3.put("remise.s3.region", settings.region());
    s3.put("remise.s3.rpc-secret-file", secretFile());
    s3.put("remise.s3.node-id", id);
    s3.put("remise.s3.layout-admin", settings.layoutAdmin().toString());
    s3.put("remise.s3.advertised-address", s3Url().toString());

    Map<String, String> k2v = common(settings.publicBind(), p.k2v());
    k2v.put("management.server.port", Integer.toString(p.k2vMetrics()));
    k2v.put("management.server.address", settings.internalBind());
    k2v.put("remise.k2v.rpc-secret-file", secretFile());
    k2v.put("remise.k2v.node-id", id);
    k2v.put("remise.k2v.layout-admin", settings.layoutAdmin().toString());
    k2v.put("remise.k2v.advertised-address", k2vUrl().toString());

    return List.of(
        launch("gateway-s3", GatewayS3Application::builder, s3),
        launch("gateway-k2v", GatewayK2vApplication::builder, k2v));
  }

  /**
   * The role uses this node's one copy of the layout instead of opening its own, and calls the
   * other roles of this process directly ({@link InProcessRoles}) rather than over loopback.
   */
  private RoleLaunch launch(
      String role, Supplier<SpringApplicationBuilder> application, Map<String, String> properties) {
    NodeLayout shared = layout;
    InProcessRoles local = inProcess;
    return new RoleLaunch(
        role,
        () ->
            application
                .get()
                .initializers(
                    context -> {
                      context.getBeanFactory().registerSingleton("nodeLayout", shared);
                      context.getBeanFactory().registerSingleton("inProcessRoles", local);
                    }),
        properties);
  }

  private String secretFile() {
    return settings.rpcSecretFile().toAbsolutePath().toString();
  }

  private String internalHost() {
    return settings.advertisedHost() != null
        ? settings.advertisedHost()
        : reachable(settings.internalBind());
  }

  private String publicHost() {
    return settings.advertisedHost() != null
        ? settings.advertisedHost()
        : reachable(settings.publicBind());
  }

  /** An address to reach a port bound to {@code bind} from this machine. */
  static String reachable(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
  }

  static URI url(String host, int port) {
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  private Map<String, String> common(String bind, int port) {
    return common(bind, port, settings.extraProperties());
  }

  /**
   * Settings of every role, then {@code extra}; the caller adds the role's own, which win over
   * {@code extra}.
   */
  static Map<String, String> common(String bind, int port, Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("server.port", Integer.toString(port));
    m.put("server.address", bind);
    m.put("spring.main.banner-mode", "off");
    m.putAll(extra);
    return m;
  }
}
