package dev.remise.cli;

import dev.remise.admin.LayoutAdminApplication;
import dev.remise.core.NodeId;
import dev.remise.core.NodeIdFile;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.SimulatedWan;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code remise server}: runs a node. Three shapes, as the roles of a cluster are split:
 *
 * <ul>
 *   <li>{@code --single-node}: all five roles, a one-node cluster that lays itself out;
 *   <li>{@code --layout-admin URL} (the default role, {@code node}): one storage node of a
 *       multi-node cluster (metadata-node, block-node, gateway-s3, gateway-k2v), beating to the
 *       layout-admin at URL;
 *   <li>{@code --role layout-admin}: the admin API and the cluster layout alone.
 * </ul>
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Remise node.",
      "  --single-node: every role in this process, a one-node cluster.",
      "  --layout-admin URL: a storage node of a multi-node cluster (metadata, blocks, S3, K2V)"
          + " that beats to the layout-admin at URL.",
      "  --role layout-admin: the admin API and cluster layout alone."
    })
final class ServerCommand implements Callable<Integer> {

  /** Which roles this process runs, besides {@code --single-node}. */
  enum Role {
    node,
    layout_admin;

    @Override
    public String toString() {
      return name().replace('_', '-');
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--single-node",
      description = "Run all roles (S3, K2V, admin, metadata, blocks) with a one-node layout.")
  boolean singleNode;

  @Option(
      names = "--role",
      converter = RoleConverter.class,
      description =
          "Without --single-node: node (metadata, blocks, S3, K2V; needs --layout-admin) or"
              + " layout-admin (default: ${DEFAULT-VALUE}).")
  Role role = Role.node;

  @Option(names = "--data-dir", description = "Where data is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("data");

  @Option(
      names = "--default-bucket",
      description = "Create this bucket for the default key (or set REMISE_DEFAULT_BUCKET).")
  String defaultBucket;

  @Option(
      names = "--region",
      description = "S3 region clients sign for (default: ${DEFAULT-VALUE}).")
  String region = "remise";

  @Option(
      names = "--bind",
      description = "Address of the S3, K2V and admin ports (default: ${DEFAULT-VALUE}).")
  String bind = "0.0.0.0";

  @Option(
      names = "--internal-bind",
      description = "Address of the internal RPC and metrics ports (default: ${DEFAULT-VALUE}).")
  String internalBind = "127.0.0.1";

  @Option(names = "--s3-port", description = "S3 API port (default: ${DEFAULT-VALUE}).")
  int s3Port = 3900;

  @Option(names = "--admin-port", description = "Admin API port (default: ${DEFAULT-VALUE}).")
  int adminPort = 3903;

  @Option(names = "--k2v-port", description = "K2V API port (default: ${DEFAULT-VALUE}).")
  int k2vPort = 3904;

  @Option(names = "--rpc-port", description = "metadata-node RPC port (default: ${DEFAULT-VALUE}).")
  int rpcPort = 3901;

  @Option(
      names = "--block-rpc-port",
      description = "block-node RPC port (default: ${DEFAULT-VALUE}).")
  int blockRpcPort = 3905;

  @Option(
      names = "--s3-metrics-port",
      description = "S3 gateway metrics port (default: ${DEFAULT-VALUE}).")
  int s3MetricsPort = 3910;

  @Option(
      names = "--k2v-metrics-port",
      description = "K2V gateway metrics port (default: ${DEFAULT-VALUE}).")
  int k2vMetricsPort = 3914;

  @Option(
      names = "--layout-admin",
      paramLabel = "URL",
      description = "node: base URL of layout-admin's admin port, where heartbeats go. Required.")
  URI layoutAdmin;

  @Option(
      names = "--consistency-mode",
      paramLabel = "MODE",
      description =
          "node, layout-admin, single node: Garage's consistency_mode, the same on every node:"
              + " consistent (read after write), degraded (reads from one copy) or dangerous (reads"
              + " and writes one copy). Default: ${DEFAULT-VALUE}.")
  String consistencyMode = "consistent";

  @Option(
      names = "--rpc-secret-file",
      paramLabel = "FILE",
      description =
          "node, layout-admin: the cluster secret, the same file content on every node; made if"
              + " missing (default: <data dir>/rpc_secret).")
  Path rpcSecretFile;

  @Option(
      names = "--node-id",
      paramLabel = "HEX",
      description = "node: this node's id, 64 hex digits (default: <data dir>/node_id, made once).")
  String nodeId;

  @Option(
      names = "--advertised-host",
      paramLabel = "HOST",
      description =
          "node: the host other processes reach this node at (default: the bind addresses).")
  String advertisedHost;

  @Option(
      names = "--heartbeat-interval",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "node: period of the heartbeats to layout-admin, e.g. 1s (default: 10s).")
  Duration heartbeatInterval;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "layout-admin: file holding the admin token (default: $REMISE_ADMIN_TOKEN).")
  Path adminTokenFile;

  @Option(
      names = "--node-up-timeout",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "layout-admin: how long after its last heartbeat a node counts as up (default: 30s).")
  Duration nodeUpTimeout;

  @Option(
      names = "--simulated-wan",
      paramLabel = "SPEC",
      description =
          "node: delay internal calls to other zones as a wide-area network would (benchmarks;"
              + " set by `dev-cluster start --rtt`): zone=Z;rtt-ms=N;jitter-ms=N;hosts=HOST:ZONE,...")
  String simulatedWan;

  @Option(
      names = {"-p", "--property"},
      paramLabel = "KEY=VALUE",
      description = "A Spring property given to every role of this process (advanced; repeatable).")
  Map<String, String> properties = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (singleNode) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--role") || layoutAdmin != null) {
        throw usage("--single-node runs every role itself: drop --role and --layout-admin");
      }
      return singleNode();
    }
    return switch (role) {
      case node -> node();
      case layout_admin -> layoutAdminAlone();
    };
  }

  private int singleNode() throws Exception {
    SingleNodeIdentity identity =
        SingleNodeIdentity.loadOrCreate(dataDir, System.getenv(), defaultBucket);
    var ports =
        new SingleNodeServer.Ports(
            s3Port, rpcPort, adminPort, k2vPort, blockRpcPort, s3MetricsPort, k2vMetricsPort);
    Map<String, String> extra = new LinkedHashMap<>();
    for (String prefix : List.of("metadata", "s3", "admin")) {
      extra.put("remise." + prefix + ".consistency-mode", consistency());
    }
    extra.putAll(properties);
    var settings =
        new SingleNodeServer.Settings(dataDir, region, bind, internalBind, ports, identity, extra);
    SingleNodeServer server = SingleNodeServer.start(settings);
    CountDownLatch stopped = stopOnShutdown(server);
    String host = NodeRoles.reachable(bind);
    System.out.printf(
        """

        Remise is running (single node %s, data in %s).

          S3 endpoint:       http://%s:%d
          S3 region:         %s
          Access key ID:     %s
          Secret access key: %s
          Default bucket:    %s
          Admin API:         http://%s:%d   (Authorization: Bearer %s)
          K2V endpoint:      http://%s:%d

        Try: AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s \\
             aws --endpoint-url http://%s:%d --region %s s3 ls
        Press Ctrl-C to stop.
        %n""",
        server.nodeId().shortHex(),
        dataDir.toAbsolutePath(),
        host,
        s3Port,
        region,
        identity.accessKeyId(),
        identity.secretKey(),
        identity.defaultBucket() == null
            ? "(none; use --default-bucket NAME)"
            : identity.defaultBucket(),
        host,
        adminPort,
        identity.adminToken(),
        host,
        k2vPort,
        identity.accessKeyId(),
        identity.secretKey(),
        host,
        s3Port,
        region);
    stopped.await();
    return 0;
  }

  /** The validated {@code --consistency-mode}, as the roles' properties spell it. */
  private String consistency() {
    try {
      return ConsistencyMode.parse(consistencyMode).label();
    } catch (IllegalArgumentException e) {
      throw usage("--consistency-mode: " + e.getMessage());
    }
  }

  private int node() throws Exception {
    if (layoutAdmin == null) {
      throw usage(
          "a node needs --layout-admin URL (the admin port of the cluster's layout-admin), or run"
              + " --single-node, or --role layout-admin");
    }
    rejectFor("node", "--admin-token-file", "--node-up-timeout", "--default-bucket");
    if (simulatedWan != null) {
      try {
        SimulatedWan.parse(simulatedWan);
      } catch (IllegalArgumentException e) {
        throw usage("--simulated-wan: " + e.getMessage());
      }
      // Read by every internal RPC client the roles build (RpcClients), before any starts.
      System.setProperty(SimulatedWan.PROPERTY, simulatedWan);
    }
    Path data = dataDir.toAbsolutePath();
    Files.createDirectories(data);
    NodeId id;
    try {
      id = NodeIdFile.configuredOrFile(nodeId, data);
    } catch (IllegalArgumentException e) {
      throw usage("--node-id: " + e.getMessage());
    }
    Map<String, String> extra = new LinkedHashMap<>();
    if (heartbeatInterval != null) {
      String period = heartbeatInterval.toMillis() + "ms";
      for (String prefix : List.of("metadata", "block", "s3", "k2v")) {
        extra.put("remise." + prefix + ".heartbeat-interval", period);
      }
    }
    extra.put("remise.metadata.consistency-mode", consistency());
    extra.put("remise.s3.consistency-mode", consistency());
    extra.putAll(properties);
    var settings =
        new NodeRoles.Settings(
            data,
            id,
            region,
            bind,
            internalBind,
            advertisedHost,
            new NodeRoles.Ports(
                s3Port, rpcPort, k2vPort, blockRpcPort, s3MetricsPort, k2vMetricsPort),
            layoutAdmin,
            rpcSecretFile == null ? data.resolve("rpc_secret") : rpcSecretFile,
            extra);
    NodeServer server = NodeServer.start(settings);
    CountDownLatch stopped = stopOnShutdown(server);
    NodeRoles c = server.config();
    System.out.printf(
        "Remise node %s is running (data in %s): S3 %s, K2V %s, metadata RPC %s, block RPC %s;"
            + " layout-admin %s.%n",
        id.shortHex(), data, c.s3Url(), c.k2vUrl(), c.metadataUrl(), c.blockUrl(), layoutAdmin);
    stopped.await();
    return 0;
  }

  private int layoutAdminAlone() throws Exception {
    rejectFor(
        "layout-admin",
        "--layout-admin",
        "--node-id",
        "--advertised-host",
        "--heartbeat-interval",
        "--simulated-wan",
        "--default-bucket");
    String token;
    if (adminTokenFile != null) {
      try {
        token = Files.readString(adminTokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw usage("--admin-token-file: cannot read " + adminTokenFile + ": " + e.getMessage());
      }
    } else {
      token = System.getenv("REMISE_ADMIN_TOKEN");
    }
    if (token == null || token.isBlank()) {
      throw usage(
          "layout-admin needs an admin token: --admin-token-file FILE or REMISE_ADMIN_TOKEN");
    }
    Path data = dataDir.toAbsolutePath();
    Files.createDirectories(data);
    Map<String, String> admin = NodeRoles.common(bind, adminPort, properties);
    admin.put("remise.admin.admin-token", token);
    admin.put("remise.admin.region", region);
    admin.put("remise.admin.consistency-mode", consistency());
    admin.put(
        "remise.admin.rpc-secret-file",
        (rpcSecretFile == null ? data.resolve("rpc_secret") : rpcSecretFile)
            .toAbsolutePath()
            .toString());
    admin.put("remise.admin.data-dir", data.resolve("admin").toString());
    if (nodeUpTimeout != null) {
      admin.put("remise.admin.node-up-timeout", nodeUpTimeout.toMillis() + "ms");
    }
    RunningRoles running =
        RunningRoles.start(
            List.of(
                new NodeRoles.RoleLaunch("layout-admin", LayoutAdminApplication::builder, admin)));
    CountDownLatch stopped = stopOnShutdown(running);
    System.out.printf(
        "Remise layout-admin is running (data in %s): admin API %s.%n",
        data, NodeRoles.url(NodeRoles.reachable(bind), adminPort));
    stopped.await();
    return 0;
  }

  /** Ctrl-C or SIGTERM stops the roles cleanly, then lets {@link #call} return. */
  private static CountDownLatch stopOnShutdown(AutoCloseable server) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping Remise...");
                  try {
                    server.close();
                  } catch (Exception e) {
                    System.err.println("error while stopping: " + e);
                  }
                  stopped.countDown();
                }));
    return stopped;
  }

  /** An option that means nothing for this shape is an error, not silently ignored. */
  private void rejectFor(String shape, String... options) {
    for (String option : options) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw usage(option + " does not apply to " + shape);
      }
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      for (Role r : Role.values()) {
        if (r.toString().equals(value)) {
          return r;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown role '" + value + "': node or layout-admin");
    }
  }

  /** Durations as Spring writes them ({@code 500ms}, {@code 1s}, {@code 2m}) or ISO-8601. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      try {
        d = DurationStyle.detectAndParse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: write e.g. 500ms, 1s, 2m");
      }
      if (d.isNegative() || d.isZero()) {
        throw new CommandLine.TypeConversionException("'" + value + "' must be positive");
      }
      return d;
    }
  }
}
