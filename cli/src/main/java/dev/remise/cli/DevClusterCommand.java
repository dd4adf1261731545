package dev.remise.cli;

import dev.remise.layout.Capacity;
import dev.remise.replication.ConsistencyMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code remise dev-cluster}: a local multi-node cluster on loopback, the one tests, demos and
 * benchmarks use. See {@link DevCluster}.
 */
@Command(
    name = "dev-cluster",
    mixinStandardHelpOptions = true,
    description = {
      "A local multi-node cluster on loopback for tests, demos and benchmarks: one layout-admin and"
          + " N node processes (metadata, blocks, S3 and K2V each), node i on its own address"
          + " 127.0.0.(11+i-1) with the standard ports, all running in the background.",
      "State, secrets and logs live in --dir: cluster.json, rpc_secret, admin_token,"
          + " layout-admin/log, node<i>/log."
    },
    subcommands = {
      DevClusterCommand.Start.class,
      DevClusterCommand.Stop.class,
      DevClusterCommand.Kill.class,
      DevClusterCommand.Restart.class,
      DevClusterCommand.AddNode.class,
      DevClusterCommand.RemoveNode.class,
      DevClusterCommand.Info.class
    })
final class DevClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "say what to do: start, stop, kill, restart, add-node, remove-node or info");
  }

  /** {@code --dir}, shared by every subcommand. */
  static final class DirOption {
    @Option(
        names = "--dir",
        required = true,
        paramLabel = "DIR",
        description = "The cluster's directory: its cluster.json, secrets, data and logs.")
    Path dir;
  }

  /** Options of every subcommand that waits. */
  static final class WaitOption {
    @Option(
        names = "--timeout",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description = "Bound of every wait (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(120);
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start a cluster in DIR and return once every node serves: layout-admin on the address"
            + " before --first-address (port base+3), node i on --first-address + i - 1 (S3 base,"
            + " metadata RPC base+1, K2V base+4, block RPC base+5, metrics base+10 and base+14)."
            + " Zones dc1..dcZ are given round-robin with equal capacities, the layout applied,"
            + " a key and a bucket created (read, write, owner). Prints one JSON document:"
            + " endpoints, admin token, region, key, secret, bucket, and per node its id, pid,"
            + " zone, ports and data dirs (also kept in DIR/cluster.json).",
        "DIR must be new or empty. If DIR holds a stopped cluster, its processes are started again"
            + " on their data (the other options are then ignored); if it runs, start refuses."
      })
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin DirOption dir;
    @CommandLine.Mixin WaitOption wait;

    @Option(names = "--nodes", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Option(
        names = "--zones",
        description = "Number of zones, dc1..dcZ, given round-robin (default: min(nodes, 3)).")
    Integer zones;

    @Option(
        names = "--replication-factor",
        description = "Copies of each partition in both rings (default: min(nodes, 3)).")
    Integer replicationFactor;

    @Option(
        names = "--first-address",
        paramLabel = "IPV4",
        description =
            "Loopback address of node 1; node i gets the i-1-th next, layout-admin the one before"
                + " (default: ${DEFAULT-VALUE}).")
    String firstAddress = "127.0.0.11";

    @Option(
        names = "--base-port",
        description =
            "Port of S3; the other ports are offsets from it, as in the standard set (default:"
                + " ${DEFAULT-VALUE}).")
    int basePort = 3900;

    @Option(
        names = "--heartbeat-interval",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description =
            "Period of the nodes' heartbeats, so layout changes show within it (default:"
                + " ${DEFAULT-VALUE}).")
    Duration heartbeatInterval = Duration.ofSeconds(1);

    @Option(
        names = "--node-up-timeout",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description =
            "How long after its last heartbeat a node still counts as up (default:"
                + " ${DEFAULT-VALUE}).")
    Duration nodeUpTimeout = Duration.ofSeconds(5);

    @Option(
        names = "--capacity",
        description = "Capacity of every node, SI units (default: ${DEFAULT-VALUE}).")
    String capacity = "100G";

    @Option(names = "--bucket", description = "The bucket to create (default: ${DEFAULT-VALUE}).")
    String bucket = "dev-bucket";

    @Option(
        names = "--consistency-mode",
        paramLabel = "MODE",
        description =
            "consistent, degraded or dangerous, on every node and layout-admin (default:"
                + " ${DEFAULT-VALUE}). dangerous shows what the quorums protect against.")
    String consistencyMode = "consistent";

    @Option(
        names = "--region",
        description = "S3 region clients sign for (default: ${DEFAULT-VALUE}).")
    String region = "remise";

    @Option(
        names = "--rtt",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description =
            "Simulate a wide-area network: every internal call between nodes of different zones"
                + " takes this round trip, e.g. 100ms (default: none). Done inside the node"
                + " processes, see `remise server --simulated-wan`.")
    Duration rtt;

    @Option(
        names = "--jitter",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description =
            "With --rtt: each round trip varies uniformly within ±this, e.g. 20ms (default: 0).")
    Duration jitter;

    @Option(
        names = "--node-property",
        paramLabel = "KEY=VALUE",
        description =
            "A Spring property for every role of every node, as `remise server --property`"
                + " (advanced; repeatable), e.g. remise.metadata.anti-entropy-first-delay=10m.")
    Map<String, String> nodeProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      DevCluster cluster = new DevCluster(dir.dir, Clock.systemUTC(), wait.timeout, System.err);
      Optional<DevClusterState> existing = cluster.state();
      DevClusterState state;
      if (existing.isPresent()) {
        List<String> running = running(existing.get());
        if (!running.isEmpty()) {
          System.err.println(
              "remise: a dev cluster already runs in "
                  + cluster.dir()
                  + " ("
                  + String.join(", ", running)
                  + "); stop it first: remise dev-cluster stop --dir "
                  + cluster.dir());
          return 1;
        }
        System.err.println(
            "remise: "
                + cluster.dir()
                + " holds a stopped cluster: starting it again on its data (--nodes and the other"
                + " layout options are ignored)");
        state = cluster.resume(existing.get());
      } else {
        state = cluster.create(plan(cluster.dir()));
      }
      System.out.println(state.toJson());
      return 0;
    }

    private DevCluster.Plan plan(Path dirPath) throws IOException {
      if (nodes < 1 || nodes > 200) {
        throw usage("--nodes must be between 1 and 200, got " + nodes);
      }
      int z = zones == null ? Math.min(nodes, 3) : zones;
      if (z < 1 || z > nodes) {
        throw usage("--zones must be between 1 and the number of nodes (" + nodes + "), got " + z);
      }
      int rf = replicationFactor == null ? Math.min(nodes, 3) : replicationFactor;
      if (rf < 1 || rf > nodes) {
        throw usage(
            "--replication-factor must be between 1 and the number of nodes ("
                + nodes
                + "), got "
                + rf);
      }
      int[] first = loopback(firstAddress);
      if (first[3] < 2 || first[3] + nodes - 1 > 254) {
        throw usage(
            "--first-address "
                + firstAddress
                + " leaves no room: layout-admin takes the address before it and the "
                + nodes
                + " nodes the ones after, all within x.y.z.1 to x.y.z.254");
      }
      if (basePort < 1 || basePort + 14 > 65535) {
        throw usage("--base-port must leave room for base+14 below 65536, got " + basePort);
      }
      long bytes;
      try {
        bytes = Capacity.parse(capacity);
      } catch (IllegalArgumentException e) {
        throw usage("--capacity: " + e.getMessage());
      }
      if (Files.isDirectory(dirPath)) {
        try (Stream<Path> entries = Files.list(dirPath)) {
          if (entries.findAny().isPresent()) {
            throw usage(
                dirPath
                    + " is not empty and holds no "
                    + DevClusterState.FILE_NAME
                    + " (a failed start leaves its logs there): remove it or choose another --dir");
          }
        }
      } else if (Files.exists(dirPath)) {
        throw usage(dirPath + " is not a directory");
      }
      if (jitter != null && rtt == null) {
        throw usage("--jitter needs --rtt");
      }
      Duration jitterOrNone = jitter == null ? Duration.ZERO : jitter;
      if (rtt != null
          && (rtt.isNegative() || jitterOrNone.isNegative() || jitterOrNone.compareTo(rtt) > 0)) {
        throw usage("--rtt and --jitter need 0 <= jitter <= rtt, got " + rtt + " and " + jitter);
      }
      ConsistencyMode mode;
      try {
        mode = ConsistencyMode.parse(consistencyMode);
      } catch (IllegalArgumentException e) {
        throw usage("--consistency-mode: " + e.getMessage());
      }
      return new DevCluster.Plan(
          nodes,
          z,
          rf,
          first,
          basePort,
          heartbeatInterval,
          nodeUpTimeout,
          region,
          bucket,
          bytes,
          mode,
          rtt == null ? null : new DevCluster.Wan(rtt, jitterOrNone),
          nodeProperties);
    }

    /** The four numbers of an IPv4 address in 127/8, the loopback network on Linux. */
    private int[] loopback(String address) {
      String[] parts = address.split("\\.", -1);
      int[] out = new int[4];
      try {
        if (parts.length != 4) {
          throw new NumberFormatException();
        }
        for (int i = 0; i < 4; i++) {
          out[i] = Integer.parseInt(parts[i]);
          if (out[i] < 0 || out[i] > 255) {
            throw new NumberFormatException();
          }
        }
      } catch (NumberFormatException e) {
        throw usage("--first-address must be an IPv4 address such as 127.0.0.11, got " + address);
      }
      if (out[0] != 127) {
        throw usage("--first-address must be a loopback address (127.x.y.z), got " + address);
      }
      return out;
    }

    private CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description =
          "Stop every process of the cluster in DIR: SIGTERM, then SIGKILL for those still alive"
              + " 20 s later. The data stays: start --dir DIR starts the cluster again.")
  static final class Stop implements Callable<Integer> {
    @CommandLine.Mixin DirOption dir;

    @Override
    public Integer call() throws Exception {
      DevCluster cluster =
          new DevCluster(dir.dir, Clock.systemUTC(), Duration.ofSeconds(30), System.err);
      DevClusterState state = required(cluster);
      int stopped = cluster.stop(state);
      System.err.println("stopped " + stopped + " process(es) of the cluster in " + cluster.dir());
      return 0;
    }
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description =
          "SIGKILL one node, as a crash. NODE is its index (1..N), its name (node2) or a prefix of"
              + " its id. layout-admin reports it down once --node-up-timeout has passed.")
  static final class Kill implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin DirOption dir;

    @Parameters(paramLabel = "NODE", description = "Index, name or id prefix of the node.")
    String node;

    @Override
    public Integer call() throws Exception {
      DevCluster cluster =
          new DevCluster(dir.dir, Clock.systemUTC(), Duration.ofSeconds(30), System.err);
      DevClusterState state = required(cluster);
      DevClusterState.Node n = resolve(spec, state, node);
      if (cluster.kill(n)) {
        System.err.println("killed " + n.name() + " (pid " + n.process().pid() + ")");
      } else {
        System.err.println(n.name() + " was not running");
      }
      return 0;
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description =
          "Stop one node if it runs, start it again on the same data and arguments, and return"
              + " once it serves S3 and reports the cluster's current layout version. Prints the"
              + " cluster's JSON document, with the node's new pid.")
  static final class Restart implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin DirOption dir;
    @CommandLine.Mixin WaitOption wait;

    @Parameters(paramLabel = "NODE", description = "Index, name or id prefix of the node.")
    String node;

    @Override
    public Integer call() throws Exception {
      DevCluster cluster = new DevCluster(dir.dir, Clock.systemUTC(), wait.timeout, System.err);
      DevClusterState state = required(cluster);
      DevClusterState.Node n = resolve(spec, state, node);
      state = cluster.restart(state, n);
      System.out.println(state.toJson());
      return 0;
    }
  }

  @Command(
      name = "add-node",
      mixinStandardHelpOptions = true,
      description = {
        "Start one more node on the address after the last node's, with the same ports and"
            + " arguments as the others, and return once it serves S3 and reports the current"
            + " layout version. Prints the cluster's JSON document, with the new node.",
        "The layout is not changed: give the node a role with `remise layout assign ID -z ZONE"
            + " -c CAPACITY` and `remise layout apply --version N` (--admin-url and --admin-token"
            + " from the document). The nodes already running do not add it to their block node"
            + " list."
      })
  static final class AddNode implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin DirOption dir;
    @CommandLine.Mixin WaitOption wait;

    @Option(
        names = "--zone",
        description =
            "Zone recorded for the node, to assign it later (default: the zones of the other"
                + " nodes, round-robin).")
    String zone;

    @Option(
        names = "--capacity",
        description =
            "Capacity recorded for the node, SI units (default: the first node's capacity).")
    String capacity;

    @Override
    public Integer call() throws Exception {
      DevCluster cluster = new DevCluster(dir.dir, Clock.systemUTC(), wait.timeout, System.err);
      DevClusterState state = required(cluster);
      DevClusterState.Node first = state.nodes().getFirst();
      long bytes;
      try {
        bytes = capacity == null ? first.capacity() : Capacity.parse(capacity);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--capacity: " + e.getMessage());
      }
      state = cluster.addNode(state, zone == null ? nextZone(state) : zone, bytes);
      DevClusterState.Node added = state.nodes().getLast();
      System.out.println(state.toJson());
      System.err.printf(
          "%s serves; give it a role with: remise layout assign %s -z %s -c %d"
              + " --admin-url %s --admin-token %s%n",
          added.name(),
          added.id(),
          added.zone(),
          added.capacity(),
          state.adminEndpoint(),
          state.adminToken());
      return 0;
    }

    /** dc1..dcZ round-robin over the index, Z the number of zones the cluster's nodes use. */
    private static String nextZone(DevClusterState state) {
      long zones = Math.max(1, state.nodes().stream().map(n -> n.zone()).distinct().count());
      return "dc" + ((state.nextIndex() - 1) % zones + 1);
    }
  }

  @Command(
      name = "remove-node",
      mixinStandardHelpOptions = true,
      description = {
        "Stop one node (SIGTERM, SIGKILL 20 s later) and record it as removed: info lists it"
            + " under removedNodes, and stop, restart and start leave it alone. Its data dir"
            + " stays; its index and address are not reused. Prints the cluster's JSON document.",
        "Refused while the node has a role in the current layout version (remove it with"
            + " `remise layout remove ID` and apply first), unless --force."
      })
  static final class RemoveNode implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin DirOption dir;

    @Parameters(paramLabel = "NODE", description = "Index, name or id prefix of the node.")
    String node;

    @Option(
        names = "--force",
        description =
            "Remove it even if it still has a role (its partitions lose a copy until the layout"
                + " changes), or if layout-admin cannot be asked.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      DevCluster cluster =
          new DevCluster(dir.dir, Clock.systemUTC(), Duration.ofSeconds(30), System.err);
      DevClusterState state = required(cluster);
      DevClusterState.Node n = resolve(spec, state, node);
      state = cluster.removeNode(state, n, force);
      System.out.println(state.toJson());
      return 0;
    }
  }

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Print the cluster's JSON document (DIR/cluster.json), as start printed it.")
  static final class Info implements Callable<Integer> {
    @CommandLine.Mixin DirOption dir;

    @Override
    public Integer call() throws Exception {
      DevCluster cluster =
          new DevCluster(dir.dir, Clock.systemUTC(), Duration.ofSeconds(1), System.err);
      System.out.println(required(cluster).toJson());
      return 0;
    }
  }

  private static DevClusterState required(DevCluster cluster) throws IOException {
    return cluster
        .state()
        .orElseThrow(
            () ->
                new DevCluster.DevClusterException(
                    "no dev cluster in "
                        + cluster.dir()
                        + " (no "
                        + DevClusterState.FILE_NAME
                        + "): start one with remise dev-cluster start --dir "
                        + cluster.dir()));
  }

  /** The node an operator names by index, name or id prefix; ambiguity is a usage error. */
  static DevClusterState.Node resolve(CommandSpec spec, DevClusterState state, String name) {
    List<DevClusterState.Node> matches =
        state.nodes().stream()
            .filter(
                n ->
                    Integer.toString(n.index()).equals(name)
                        || n.name().equals(name)
                        || (name.length() >= 4 && n.id().startsWith(name.toLowerCase())))
            .toList();
    if (matches.isEmpty()) {
      for (DevClusterState.Node n : state.removedNodes()) {
        if (Integer.toString(n.index()).equals(name) || n.name().equals(name)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), n.name() + " was removed from the cluster (remove-node)");
        }
      }
    }
    if (matches.size() != 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          (matches.isEmpty() ? "no node " : "more than one node matches ")
              + name
              + ": give an index, a name ("
              + String.join(", ", state.nodes().stream().map(n -> n.name()).toList())
              + ") or at least 4 hex digits of an id");
    }
    return matches.getFirst();
  }

  private static List<String> running(DevClusterState state) {
    return state.processes().stream()
        .filter(p -> p.alive().isPresent())
        .map(p -> p.name() + " pid " + p.pid())
        .toList();
  }
}
