package dev.remise.cli;

import dev.remise.admin.BootstrapOnReady;
import dev.remise.admin.LayoutAdminApplication;
import dev.remise.core.NodeId;
import dev.remise.core.NodeIdFile;
import dev.remise.rpc.NodeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * All five roles in one JVM, each in its own Spring context and on its own port, wired to each
 * other over loopback exactly as separate processes would be (internal calls still carry the
 * cluster-secret proof). Layout-admin starts first, then the storage roles and the gateways; the
 * start returns once the node holds the layout and the default key and bucket exist.
 *
 * <p>The node has an id ({@code <data dir>/node_id}, made on the first start), and layout-admin
 * gives it a single-node layout on the first start: both rings, one copy, a capacity equal to the
 * size of the data dir's file system. The roles share one copy of the layout ({@code <data
 * dir>/cluster_layout}), as one node has one set of trackers. When that copy already holds a
 * layout, layout-admin is not bootstrapped: it lost its own directory, and rebuilds its history
 * from the node's instead of starting a different version 1.
 */
public final class SingleNodeServer implements AutoCloseable {
  /** The first heartbeats, sent as each port opens, bring both; the margin is for slow machines. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Settings settings;
  private RunningRoles roles;
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

    NodeRoles.Ports node() {
      return new NodeRoles.Ports(s3, rpcMetadata, k2v, rpcBlock, s3Metrics, k2vMetrics);
    }
  }

  private SingleNodeServer(Settings settings) {
    this.settings = settings;
  }

  public static SingleNodeServer start(Settings s) {
    SingleNodeServer server = new SingleNodeServer(s);
    server.startAll();
    return server;
  }

  /** This node's id in the cluster layout. */
  public NodeId nodeId() {
    return nodeId;
  }

  private void startAll() {
    Path data = settings.dataDir().toAbsolutePath();
    long capacity;
    NodeLayout layout;
    try {
      nodeId = NodeIdFile.loadOrCreate(data);
      layout = NodeLayout.open(data, nodeId);
      capacity = Files.getFileStore(data).getTotalSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data dir " + data, e);
    }
    Path secretFile = data.resolve("rpc_secret");
    Ports p = settings.ports();
    // Every role beats to layout-admin under the one node id, so GetClusterStatus shows one node
    // running them all. Layout-admin starts first, so their first beats land and it learns their
    // addresses at once; its bootstrap of the key and bucket runs once they have.
    URI adminUrl = NodeRoles.url(NodeRoles.reachable(settings.publicBind()), p.admin());
    NodeRoles node =
        new NodeRoles(
            new NodeRoles.Settings(
                data,
                nodeId,
                settings.region(),
                settings.publicBind(),
                settings.internalBind(),
                null,
                p.node(),
                adminUrl,
                secretFile,
                settings.extraProperties()),
            layout);

    SingleNodeIdentity id = settings.identity();
    Map<String, String> admin =
        NodeRoles.common(settings.publicBind(), p.admin(), settings.extraProperties());
    admin.put("remise.admin.admin-token", id.adminToken());
    admin.put("remise.admin.region", settings.region());
    admin.put("remise.admin.rpc-secret-file", secretFile.toString());
    admin.put("remise.admin.data-dir", data.resolve("admin").toString());
    if (layout.currentVersion() == 0) {
      admin.put("remise.admin.bootstrap.node-id", nodeId.hex());
      admin.put("remise.admin.bootstrap.node-zone", "dc1");
      // Plain bytes: Spring would read a unit suffix as binary, the layout counts in SI units.
      admin.put("remise.admin.bootstrap.node-capacity", Long.toString(capacity));
    }
    admin.put("remise.admin.bootstrap.access-key-id", id.accessKeyId());
    admin.put("remise.admin.bootstrap.secret-key", id.secretKey());
    if (id.defaultBucket() != null) {
      admin.put("remise.admin.bootstrap.bucket", id.defaultBucket());
    }

    roles =
        RunningRoles.startStages(
            List.of(
                List.of(
                    new NodeRoles.RoleLaunch(
                        "layout-admin", LayoutAdminApplication::builder, admin)),
                node.storage(),
                node.gateways()));
    try {
      awaitReady(layout);
    } catch (RuntimeException e) {
      roles.close();
      throw e;
    }
  }

  /**
   * Returns once S3 requests can succeed: the node holds the layout and the default key and bucket
   * exist. Both take a heartbeat or two after the roles start.
   */
  private void awaitReady(NodeLayout layout) {
    CompletableFuture<Void> bootstrap = roles.bean(BootstrapOnReady.class).completion();
    try {
      bootstrap.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (layout.currentVersion() == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the node did not receive the cluster layout within " + READY_TIMEOUT);
        }
        Thread.sleep(20);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the default key and bucket were not created within " + READY_TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("bootstrap failed: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  /**
   * Stops the roles in reverse order of start: gateways first, storage last, so no request is cut
   * midway.
   */
  @Override
  public void close() {
    if (roles != null) {
      roles.close();
    }
  }
}
