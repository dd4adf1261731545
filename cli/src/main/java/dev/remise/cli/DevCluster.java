package dev.remise.cli;

import dev.remise.core.NodeIdFile;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.RpcSecret;
import dev.remise.rpc.SimulatedWan;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A local multi-node cluster for tests, demos and benchmarks: one layout-admin process and N node
 * processes ({@code remise server --layout-admin URL}), each node on its own loopback address
 * (127.0.0.x: on Linux the whole 127/8 answers) with the standard ports, so node i is reached as a
 * real deployment's node would be. The processes run detached, their output in {@code
 * <dir>/<name>/log}; {@code <dir>/cluster.json} says where they are and how to start them again.
 *
 * <p>Every wait is bounded by {@code timeout}; while waiting, a process that exits is reported at
 * once, with its log, instead of waiting for the time to run out. {@link DevClusterProcesses}
 * starts, signals and waits for the processes; this class decides which, and when they serve.
 */
final class DevCluster {
  /** The roles a node process runs; it serves once layout-admin has heard from all four. */
  static final Set<String> NODE_ROLES =
      Set.of("metadata-node", "block-node", "gateway-s3", "gateway-k2v");

  private static final Duration POLL = Duration.ofMillis(200);

  private final Path dir;
  private final InstantSource clock;
  private final Duration timeout;
  private final PrintStream progress;
  private final DevClusterProcesses processes;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  DevCluster(Path dir, InstantSource clock, Duration timeout, PrintStream progress) {
    this.dir = dir.toAbsolutePath().normalize();
    this.clock = clock;
    this.timeout = timeout;
    this.progress = progress;
    this.processes = new DevClusterProcesses(clock, progress);
  }

  /** What {@code start} is asked for. */
  record Plan(
      int nodes,
      int zones,
      int replicationFactor,
      int[] firstAddress,
      int basePort,
      Duration heartbeatInterval,
      Duration nodeUpTimeout,
      String region,
      String bucket,
      long capacity,
      ConsistencyMode consistencyMode,
      Wan wan,
      Map<String, String> nodeProperties) {}

  /**
   * A simulated wide-area network between the zones ({@link SimulatedWan}), or none when null in a
   * {@link Plan}. Only the nodes of the first start are in its map: a node added later reaches and
   * is reached by the others without delay.
   */
  record Wan(Duration rtt, Duration jitter) {}

  /** A failure of the cluster itself (a process died, a wait ran out), not of the command line. */
  static final class DevClusterException extends RuntimeException {
    DevClusterException(String message) {
      super(message);
    }

    DevClusterException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  Path dir() {
    return dir;
  }

  Optional<DevClusterState> state() throws IOException {
    return DevClusterState.read(dir);
  }

  // ---- start ----

  /** Zones dc1..dcZ, given round-robin over the nodes. */
  private static String zoneOf(Plan plan, int index) {
    return "dc" + (index % plan.zones() + 1);
  }

  /**
   * Lays out, starts and configures a new cluster in an empty {@code dir}; on any failure stops
   * what was started and forgets the half-made cluster (its logs stay).
   */
  DevClusterState create(Plan plan) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    RpcSecret.loadOrCreate(dir.resolve("rpc_secret"));
    String token = newToken();
    Path tokenFile = dir.resolve("admin_token");
    Files.writeString(tokenFile, token + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));

    String adminHost = address(plan.firstAddress(), -1);
    String adminEndpoint = NodeRoles.url(adminHost, plan.basePort() + 3).toString();
    List<String> metadataUrls = new ArrayList<>();
    List<String> blockUrls = new ArrayList<>();
    for (int i = 0; i < plan.nodes(); i++) {
      String host = address(plan.firstAddress(), i);
      metadataUrls.add(NodeRoles.url(host, plan.basePort() + 1).toString());
      blockUrls.add(NodeRoles.url(host, plan.basePort() + 5).toString());
    }

    Path adminDir = dir.resolve("layout-admin");
    Files.createDirectories(adminDir);
    List<String> adminArgs =
        List.of(
            "server",
            "--role",
            "layout-admin",
            "--data-dir",
            adminDir.toString(),
            "--bind",
            adminHost,
            "--admin-port",
            Integer.toString(plan.basePort() + 3),
            "--consistency-mode",
            plan.consistencyMode().label(),
            "--rpc-secret-file",
            dir.resolve("rpc_secret").toString(),
            "--admin-token-file",
            tokenFile.toString(),
            "--node-up-timeout",
            plan.nodeUpTimeout().toMillis() + "ms",
            "--region",
            plan.region());
    DevClusterState.Proc admin =
        new DevClusterState.Proc(
            "layout-admin", 0, null, adminDir.resolve("log").toString(), adminArgs);

    Map<String, String> zoneOfHost = new LinkedHashMap<>();
    for (int i = 0; i < plan.nodes(); i++) {
      zoneOfHost.put(address(plan.firstAddress(), i), zoneOf(plan, i));
    }
    List<DevClusterState.Node> nodes = new ArrayList<>();
    for (int i = 0; i < plan.nodes(); i++) {
      String host = address(plan.firstAddress(), i);
      String name = "node" + (i + 1);
      Path data = dir.resolve(name);
      Files.createDirectories(data);
      // The id is made here rather than by the node, so it is known before the node first beats.
      String id = NodeIdFile.loadOrCreate(data).hex();
      int p = plan.basePort();
      var ports = new DevClusterState.Ports(p, p + 1, p + 4, p + 5, p + 10, p + 14);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "server",
                  "--layout-admin",
                  adminEndpoint,
                  "--data-dir",
                  data.toString(),
                  "--bind",
                  host,
                  "--internal-bind",
                  host,
                  "--s3-port",
                  Integer.toString(ports.s3()),
                  "--rpc-port",
                  Integer.toString(ports.rpcMetadata()),
                  "--k2v-port",
                  Integer.toString(ports.k2v()),
                  "--block-rpc-port",
                  Integer.toString(ports.rpcBlock()),
                  "--s3-metrics-port",
                  Integer.toString(ports.s3Metrics()),
                  "--k2v-metrics-port",
                  Integer.toString(ports.k2vMetrics()),
                  "--consistency-mode",
                  plan.consistencyMode().label(),
                  "--rpc-secret-file",
                  dir.resolve("rpc_secret").toString(),
                  "--heartbeat-interval",
                  plan.heartbeatInterval().toMillis() + "ms",
                  "--region",
                  plan.region()));
      if (plan.wan() != null) {
        SimulatedWan wan =
            new SimulatedWan(zoneOf(plan, i), plan.wan().rtt(), plan.wan().jitter(), zoneOfHost);
        args.addAll(List.of("--simulated-wan", wan.spec()));
      }
      plan.nodeProperties().forEach((k, v) -> args.addAll(List.of("--property", k + "=" + v)));
      nodes.add(
          new DevClusterState.Node(
              i + 1,
              name,
              id,
              zoneOf(plan, i),
              plan.capacity(),
              host,
              NodeRoles.url(host, ports.s3()).toString(),
              NodeRoles.url(host, ports.k2v()).toString(),
              metadataUrls.get(i),
              blockUrls.get(i),
              ports,
              DevClusterState.DataDirs.of(data),
              new DevClusterState.Proc(name, 0, null, data.resolve("log").toString(), args)));
    }
    DevClusterState state =
        new DevClusterState(
            plan.region(),
            adminEndpoint,
            token,
            null,
            null,
            null,
            0,
            plan.replicationFactor(),
            nodes.getFirst().s3Endpoint(),
            nodes.getFirst().k2vEndpoint(),
            admin,
            nodes,
            List.of());

    try {
      state = spawnAll(state);
      AdminClient client = new AdminClient(URI.create(adminEndpoint), token);
      awaitAdmin(state, client);
      progress.printf("waiting for %d nodes to report to layout-admin...%n", plan.nodes());
      awaitNodes(state, client, state.nodes(), 0);
      long version = applyLayout(state, client);
      progress.println("creating a key and the bucket " + plan.bucket() + "...");
      JsonNode key = client.post("CreateKey", Map.of("name", "dev-cluster"));
      String accessKeyId = key.path("accessKeyId").asString();
      String secret = key.path("secretAccessKey").asString();
      JsonNode bucket = client.post("CreateBucket", Map.of("globalAlias", plan.bucket()));
      client.postUntilFound(
          "AllowBucketKey",
          Map.of(
              "bucketId",
              bucket.path("id").asString(),
              "accessKeyId",
              accessKeyId,
              "permissions",
              Map.of("read", true, "write", true, "owner", true)),
          timeout);
      state = state.withCredentials(accessKeyId, secret, plan.bucket(), version);
      state.write(dir);
      awaitServing(state, client, state.nodes(), version);
      return state;
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The file knows every process spawned so far, even when spawning stopped halfway.
      processes.stopQuietly(DevClusterState.read(dir).orElse(state).processes());
      Files.deleteIfExists(dir.resolve(DevClusterState.FILE_NAME));
      throw e;
    }
  }

  /**
   * Starts again every process of a stopped cluster, on the same data and with the same arguments,
   * and waits until every node serves at the cluster's layout version.
   */
  DevClusterState resume(DevClusterState state) throws IOException, InterruptedException {
    try {
      state = spawnAll(state);
      AdminClient client = new AdminClient(URI.create(state.adminEndpoint()), state.adminToken());
      awaitAdmin(state, client);
      long version = client.get("GetClusterStatus").path("layoutVersion").asLong();
      awaitServing(state, client, state.nodes(), version);
      return state;
    } catch (IOException | InterruptedException | RuntimeException e) {
      processes.stopQuietly(DevClusterState.read(dir).orElse(state).processes());
      throw e;
    }
  }

  private DevClusterState spawnAll(DevClusterState state) throws IOException {
    progress.println("starting layout-admin and " + state.nodes().size() + " nodes in " + dir);
    DevClusterState.Proc admin = processes.spawn(state.layoutAdmin());
    state = state.with(admin, state.nodes());
    state.write(dir);
    List<DevClusterState.Node> nodes = new ArrayList<>(state.nodes());
    for (int i = 0; i < nodes.size(); i++) {
      nodes.set(i, nodes.get(i).withProcess(processes.spawn(nodes.get(i).process())));
      // Written after every spawn, so stop finds each process even if this one goes no further.
      state = state.with(admin, nodes);
      state.write(dir);
    }
    return state;
  }

  private void awaitAdmin(DevClusterState state, AdminClient client)
      throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      DevClusterProcesses.checkAlive(List.of(state.layoutAdmin()));
      try {
        client.get("GetClusterStatus");
        return;
      } catch (IOException e) {
        if (e instanceof AdminClient.AdminApiException) {
          throw e;
        }
        if (clock.instant().isAfter(deadline)) {
          throw timedOut("layout-admin to answer at " + state.adminEndpoint(), state.layoutAdmin());
        }
      }
      Thread.sleep(POLL);
    }
  }

  /**
   * Until layout-admin hears from all four roles of every node in {@code nodes} and they report at
   * least {@code version}.
   */
  private void awaitNodes(
      DevClusterState state, AdminClient client, List<DevClusterState.Node> nodes, long version)
      throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      DevClusterProcesses.checkAlive(watched(state, nodes));
      JsonNode status = client.get("GetClusterStatus");
      List<DevClusterState.Node> missing = new ArrayList<>();
      for (DevClusterState.Node n : nodes) {
        if (!reporting(status, n, version)) {
          missing.add(n);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        DevClusterState.Node first = missing.getFirst();
        throw timedOut(
            first.name()
                + " ("
                + first.address()
                + ") to report all four roles"
                + (version > 0 ? " at layout version " + version : "")
                + " to layout-admin",
            first.process());
      }
      Thread.sleep(POLL);
    }
  }

  private static boolean reporting(JsonNode status, DevClusterState.Node n, long version) {
    for (JsonNode node : status.path("nodes")) {
      if (node.path("id").asString().equals(n.id())) {
        List<String> roles = new ArrayList<>();
        node.path("roles").forEach(r -> roles.add(r.asString()));
        JsonNode reported = node.path("layoutVersion");
        return node.path("isUp").asBoolean(false)
            && roles.containsAll(NODE_ROLES)
            && (reported.isNumber() ? reported.asLong() : 0) >= version;
      }
    }
    return false;
  }

  /** Stages every node (zones round-robin, equal capacities) and applies the next version. */
  private long applyLayout(DevClusterState state, AdminClient client)
      throws IOException, InterruptedException {
    List<Map<String, Object>> roles = new ArrayList<>();
    for (DevClusterState.Node n : state.nodes()) {
      roles.add(
          Map.of("id", n.id(), "zone", n.zone(), "capacity", n.capacity(), "tags", List.of()));
    }
    Map<String, Object> ring = Map.of("replicationFactor", state.replicationFactor());
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("roles", roles);
    update.put("ringParameters", Map.of("metadata", ring, "block", ring));
    client.post("UpdateClusterLayout", update);
    long version = client.get("GetClusterLayout").path("version").asLong() + 1;
    progress.printf(
        "applying layout version %d (%d nodes, %d copies)...%n",
        version, state.nodes().size(), state.replicationFactor());
    client.post("ApplyClusterLayout", Map.of("version", version));
    return version;
  }

  /**
   * Until every node in {@code nodes} answers on all four roles' ports, reports {@code version} to
   * layout-admin, and serves a signed {@code ListBuckets} that shows the cluster's bucket. The
   * ports are checked because a node just restarted after a kill may still count as up through the
   * heartbeats of the process it replaces.
   */
  void awaitServing(
      DevClusterState state, AdminClient client, List<DevClusterState.Node> nodes, long version)
      throws IOException, InterruptedException {
    progress.printf(
        "waiting for %d node(s) to serve at layout version %d...%n", nodes.size(), version);
    awaitNodes(state, client, nodes, version);
    SignedS3Probe probe =
        new SignedS3Probe(clock, state.region(), state.accessKeyId(), state.secretAccessKey());
    Instant deadline = clock.instant().plus(timeout);
    for (DevClusterState.Node n : nodes) {
      List<URI> health =
          List.of(
              URI.create(n.metadataRpc() + "/health"),
              URI.create(n.blockRpc() + "/health"),
              NodeRoles.url(n.address(), n.ports().s3Metrics()).resolve("/health"),
              NodeRoles.url(n.address(), n.ports().k2vMetrics()).resolve("/health"));
      String last = "no answer yet";
      while (true) {
        DevClusterProcesses.checkAlive(watched(state, nodes));
        try {
          last = unhealthy(health);
          if (last == null) {
            HttpResponse<String> r = probe.listBuckets(URI.create(n.s3Endpoint()));
            if (r.statusCode() == 200 && r.body().contains("<Name>" + state.bucket() + "</Name>")) {
              break;
            }
            last = "ListBuckets answered " + r.statusCode() + ": " + r.body();
          }
        } catch (IOException e) {
          last = e.toString();
        }
        if (clock.instant().isAfter(deadline)) {
          throw timedOut(
              n.name() + " to serve S3 at " + n.s3Endpoint() + " (" + last + ")", n.process());
        }
        Thread.sleep(POLL);
      }
    }
  }

  /** The processes a wait on {@code nodes} depends on: theirs and layout-admin's. */
  private static List<DevClusterState.Proc> watched(
      DevClusterState state, List<DevClusterState.Node> nodes) {
    List<DevClusterState.Proc> out = new ArrayList<>();
    out.add(state.layoutAdmin());
    nodes.forEach(n -> out.add(n.process()));
    return out;
  }

  /** The first of {@code urls} that does not answer 200, described; null when all do. */
  private String unhealthy(List<URI> urls) throws InterruptedException {
    for (URI u : urls) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
          return u + " answered " + r.statusCode();
        }
      } catch (IOException e) {
        return u + ": " + e;
      }
    }
    return null;
  }

  // ---- stop, kill, restart ----

  /** SIGTERM to every live process, then SIGKILL to those still alive after the grace period. */
  int stop(DevClusterState state) throws InterruptedException {
    return processes.stop(state.processes());
  }

  /** SIGKILL, as a crash: the node gets no chance to finish anything. */
  boolean kill(DevClusterState.Node node) throws InterruptedException {
    return processes.kill(node.process());
  }

  /** Stops the node if it runs, starts it again on the same data, and waits until it serves. */
  DevClusterState restart(DevClusterState state, DevClusterState.Node node)
      throws IOException, InterruptedException {
    processes.stop(List.of(node.process()));
    requireAdmin(state);
    progress.println("starting " + node.name() + " again on " + node.dataDirs().root());
    DevClusterState.Node restarted = node.withProcess(processes.spawn(node.process()));
    state = state.withNode(restarted);
    state.write(dir);
    AdminClient client = new AdminClient(URI.create(state.adminEndpoint()), state.adminToken());
    long version = client.get("GetClusterStatus").path("layoutVersion").asLong();
    awaitServing(state, client, List.of(restarted), version);
    return state;
  }

  private void requireAdmin(DevClusterState state) {
    if (state.layoutAdmin().alive().isEmpty()) {
      throw new DevClusterException(
          "layout-admin is not running (log: "
              + state.layoutAdmin().log()
              + "); start the whole cluster again with: remise dev-cluster start --dir "
              + dir);
    }
  }

  // ---- add-node, remove-node ----

  /**
   * Starts one more node on the address after the last node's (removed ones included, whose names
   * and data dirs are never reused), with the same ports and arguments as the first node but its
   * own address, data dir and block node list; records it and waits until it serves at the current
   * layout version. The layout is left alone: the node holds no partition until the operator
   * assigns it a role and applies. The nodes already running keep their block node list, without
   * the new node.
   */
  DevClusterState addNode(DevClusterState state, String zone, long capacity)
      throws IOException, InterruptedException {
    requireAdmin(state);
    DevClusterState.Node template = state.nodes().getFirst();
    int index = state.nextIndex();
    int[] first = octets(template.address());
    first[3] -= template.index() - 1;
    if (first[3] + index - 1 > 254) {
      throw new DevClusterException(
          "no address left for node" + index + " after " + address(first, index - 2));
    }
    String host = address(first, index - 1);
    String name = "node" + index;
    Path data = dir.resolve(name);
    Files.createDirectories(data);
    String id = NodeIdFile.loadOrCreate(data).hex();
    DevClusterState.Ports ports = template.ports();
    String blockRpc = NodeRoles.url(host, ports.rpcBlock()).toString();
    // The first node's arguments: the same ports, layout-admin, secret and settings.
    DevClusterState.Proc proc =
        new DevClusterState.Proc(
                name, 0, null, data.resolve("log").toString(), template.process().args())
            .withOptions(
                Map.of("--data-dir", data.toString(), "--bind", host, "--internal-bind", host));
    DevClusterState.Node node =
        new DevClusterState.Node(
            index,
            name,
            id,
            zone,
            capacity,
            host,
            NodeRoles.url(host, ports.s3()).toString(),
            NodeRoles.url(host, ports.k2v()).toString(),
            NodeRoles.url(host, ports.rpcMetadata()).toString(),
            blockRpc,
            ports,
            DevClusterState.DataDirs.of(data),
            proc);
    progress.println("starting " + name + " on " + host + " (no role in the layout yet)");
    node = node.withProcess(processes.spawn(node.process()));
    DevClusterState before = state;
    state = state.withAddedNode(node);
    state.write(dir);
    try {
      AdminClient client = new AdminClient(URI.create(state.adminEndpoint()), state.adminToken());
      long version = client.get("GetClusterStatus").path("layoutVersion").asLong();
      awaitServing(state, client, List.of(node), version);
      return state;
    } catch (IOException | InterruptedException | RuntimeException e) {
      // Forgotten, so that the next add-node tries the same name, address and data dir again.
      processes.stopQuietly(List.of(node.process()));
      before.write(dir);
      throw e;
    }
  }

  /**
   * Stops a node (SIGTERM, SIGKILL after the grace period) and records it as removed: {@code
   * restart}, {@code stop} and a later {@code start} leave it alone, and its data dir stays. Unless
   * {@code force}, refuses a node that still has a role in the current layout version, since its
   * partitions would lose a copy without the layout knowing.
   */
  DevClusterState removeNode(DevClusterState state, DevClusterState.Node node, boolean force)
      throws IOException, InterruptedException {
    if (state.nodes().size() == 1) {
      throw new DevClusterException(
          node.name() + " is the cluster's only node: stop the cluster instead");
    }
    if (!force) {
      AdminClient client = new AdminClient(URI.create(state.adminEndpoint()), state.adminToken());
      JsonNode layout;
      try {
        layout = client.get("GetClusterLayout");
      } catch (IOException e) {
        throw new DevClusterException(
            "cannot ask layout-admin at "
                + state.adminEndpoint()
                + " whether "
                + node.name()
                + " has a role ("
                + e.getMessage()
                + "); --force removes it without asking");
      }
      for (JsonNode role : layout.path("roles")) {
        if (role.path("id").asString().equals(node.id())) {
          throw new DevClusterException(
              node.name()
                  + " still has a role in layout version "
                  + layout.path("version").asLong()
                  + ": stage its removal with `remise layout remove "
                  + node.id()
                  + "`, apply it with `remise layout apply --version "
                  + (layout.path("version").asLong() + 1)
                  + "`, then remove the node; or pass --force");
        }
      }
    }
    int stopped = processes.stop(List.of(node.process()));
    progress.println(
        (stopped > 0 ? "stopped " : "")
            + node.name()
            + (stopped > 0 ? "" : " was not running")
            + "; it is recorded as removed, its data stays in "
            + node.dataDirs().root());
    state = state.withRemovedNode(node);
    state.write(dir);
    return state;
  }

  /** The four numbers of a dotted IPv4 address. */
  static int[] octets(String address) {
    String[] parts = address.split("\\.");
    int[] out = new int[4];
    for (int i = 0; i < 4; i++) {
      out[i] = Integer.parseInt(parts[i]);
    }
    return out;
  }

  private DevClusterException timedOut(String what, DevClusterState.Proc suspect) {
    return new DevClusterException(
        "timed out after "
            + timeout.toSeconds()
            + " s waiting for "
            + what
            + "; see "
            + suspect.log()
            + DevClusterProcesses.tail(suspect.log()));
  }

  /** The i-th address from {@code first} (i = -1: layout-admin's, the one before). */
  static String address(int[] first, int i) {
    return first[0] + "." + first[1] + "." + first[2] + "." + (first[3] + i);
  }

  private static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
