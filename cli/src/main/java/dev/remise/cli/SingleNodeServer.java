package dev.remise.cli;

import dev.remise.admin.LayoutAdminApplication;
import dev.remise.block.BlockNodeApplication;
import dev.remise.core.NodeId;
import dev.remise.core.NodeIdFile;
import dev.remise.k2v.GatewayK2vApplication;
import dev.remise.metadata.MetadataNodeApplication;
import dev.remise.s3.GatewayS3Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * All five roles in one JVM, each in its own Spring context and on its own port, wired to each
 * other over loopback exactly as separate processes would be (internal calls still carry the
 * cluster-secret proof). The storage roles start first, so the gateways and layout-admin find them
 * answering.
 *
 * <p>The node has an id ({@code <data dir>/node_id}, made on the first start), and layout-admin
 * gives it a single-node layout on the first start: both rings, one copy, a capacity equal to the
 * size of the data dir's file system.
 */
public final class SingleNodeServer implements AutoCloseable {
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final Settings settings;
  private NodeId nodeId;

  /**
   * @param publicBind address of the client-facing ports (S3, admin, K2V)
   * @param internalBind address of the internal RPC and metrics ports
   */
  public record Settings(
      Path dataDir,
      String region,
      String publicBind,
      String internalBind,
      Ports ports,
      SingleNodeIdentity identity,
      Map<String, String> extraProperties) {}

  public record Ports(
      int s3, int rpcMetadata, int admin, int k2v, int rpcBlock, int s3Metrics, int k2vMetrics) {
    public static Ports defaults() {
      return new Ports(3900, 3901, 3903, 3904, 3905, 3910, 3914);
    }
  }

  private SingleNodeServer(Settings settings) {
    this.settings = settings;
  }

  public static SingleNodeServer start(Settings s) {
    SingleNodeServer server = new SingleNodeServer(s);
    try {
      server.startAll();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** This node's id in the cluster layout. */
  public NodeId nodeId() {
    return nodeId;
  }

  private void startAll() {
    Path data = settings.dataDir().toAbsolutePath();
    long capacity;
    try {
      nodeId = NodeIdFile.loadOrCreate(data);
      capacity = Files.getFileStore(data).getTotalSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data dir " + data, e);
    }
    String secretFile = data.resolve("rpc_secret").toString();
    Ports p = settings.ports();
    String metadataUrl = "http://" + loopback() + ":" + p.rpcMetadata();
    String blockUrl = "http://" + loopback() + ":" + p.rpcBlock();
    // Every role beats to layout-admin under the one node id, so GetClusterStatus shows one node
    // running them all. Layout-admin starts after the storage roles: their first beats fail and
    // are retried at the next period.
    String adminUrl = "http://" + loopback(settings.publicBind()) + ":" + p.admin();

    Map<String, String> metadata = common(settings.internalBind(), p.rpcMetadata());
    metadata.put("remise.metadata.metadata-dir", data.resolve("meta").toString());
    metadata.put("remise.metadata.rpc-secret-file", secretFile);
    metadata.put("remise.metadata.block-nodes", blockUrl);
    metadata.put("remise.metadata.node-id", nodeId.hex());
    metadata.put("remise.metadata.layout-admin", adminUrl);
    metadata.put("remise.metadata.advertised-address", metadataUrl);
    run(MetadataNodeApplication.builder(), metadata);

    Map<String, String> block = common(settings.internalBind(), p.rpcBlock());
    block.put("remise.block.data-dir", data.resolve("blocks").toString());
    block.put("remise.block.metadata-dir", data.resolve("block-meta").toString());
    block.put("remise.block.rpc-secret-file", secretFile);
    block.put("remise.block.node-id", nodeId.hex());
    block.put("remise.block.layout-admin", adminUrl);
    block.put("remise.block.advertised-address", blockUrl);
    run(BlockNodeApplication.builder(), block);

    SingleNodeIdentity id = settings.identity();
    Map<String, String> admin = common(settings.publicBind(), p.admin());
    admin.put("remise.admin.admin-token", id.adminToken());
    admin.put("remise.admin.region", settings.region());
    admin.put("remise.admin.metadata-nodes", metadataUrl);
    admin.put("remise.admin.rpc-secret-file", secretFile);
    admin.put("remise.admin.data-dir", data.resolve("admin").toString());
    admin.put("remise.admin.bootstrap.node-id", nodeId.hex());
    admin.put("remise.admin.bootstrap.node-zone", "dc1");
    // Plain bytes: Spring would read a unit suffix as binary, the layout counts in SI units.
    admin.put("remise.admin.bootstrap.node-capacity", Long.toString(capacity));
    admin.put("remise.admin.bootstrap.access-key-id", id.accessKeyId());
    admin.put("remise.admin.bootstrap.secret-key", id.secretKey());
    if (id.defaultBucket() != null) {
      admin.put("remise.admin.bootstrap.bucket", id.defaultBucket());
    }
    run(LayoutAdminApplication.builder(), admin);

    Map<String, String> s3 = common(settings.publicBind(), p.s3());
    s3.put("management.server.port", Integer.toString(p.s3Metrics()));
    s3.put("management.server.address", settings.internalBind());
    s3.put("remise.s3.region", settings.region());
    s3.put("remise.s3.metadata-nodes", metadataUrl);
    s3.put("remise.s3.block-nodes", blockUrl);
    s3.put("remise.s3.rpc-secret-file", secretFile);
    s3.put("remise.s3.node-id", nodeId.hex());
    s3.put("remise.s3.layout-admin", adminUrl);
    s3.put(
        "remise.s3.advertised-address", "http://" + loopback(settings.publicBind()) + ":" + p.s3());
    run(GatewayS3Application.builder(), s3);

    Map<String, String> k2v = common(settings.publicBind(), p.k2v());
    k2v.put("management.server.port", Integer.toString(p.k2vMetrics()));
    k2v.put("management.server.address", settings.internalBind());
    run(GatewayK2vApplication.builder(), k2v);
  }

  private String loopback() {
    return loopback(settings.internalBind());
  }

  /** An address to reach a port bound to {@code bind} from this machine. */
  private static String loopback(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
  }

  private Map<String, String> common(String bind, int port) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("server.port", Integer.toString(port));
    m.put("server.address", bind);
    m.put("spring.main.banner-mode", "off");
    m.putAll(settings.extraProperties());
    return m;
  }

  private void run(SpringApplicationBuilder builder, Map<String, String> properties) {
    // Command-line style arguments win over each role's own yml defaults, like environment
    // variables would.
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    contexts.add(builder.registerShutdownHook(false).run(args));
  }

  /**
   * Stops the roles in reverse order of start: gateways first, storage last, so no request is cut
   * midway.
   */
  @Override
  public void close() {
    List<ConfigurableApplicationContext> reversed = new ArrayList<>(contexts);
    Collections.reverse(reversed);
    for (ConfigurableApplicationContext c : reversed) {
      try {
        c.close();
      } catch (RuntimeException e) {
        System.err.println("error while stopping " + c.getId() + ": " + e);
      }
    }
    contexts.clear();
  }
}
