package dev.remise.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code remise dev-cluster} knows of a local cluster, kept in {@code <dir>/cluster.json} and
 * printed by {@code start}: the endpoints and credentials a test or a demo needs, and for each
 * process how to find it (pid and start time, so a recycled pid is never signalled) and how to
 * start it again on the same data ({@code args} of {@code remise}).
 *
 * @param layoutVersion the layout version {@code start} applied: what a restarted node must report
 *     before it counts as serving (a later apply through the admin API is found there instead)
 * @param bucket the bucket {@code start} created, on which the key has read, write and owner rights
 * @param s3Endpoint the first node's, a default for clients that take one endpoint
 * @param nodes the nodes of the cluster, started by {@code start} or {@code add-node}
 * @param removedNodes the nodes {@code remove-node} stopped for good: no command starts or signals
 *     them again, and their index, name, address and data dir are never reused
 */
record DevClusterState(
    String region,
    String adminEndpoint,
    String adminToken,
    String accessKeyId,
    String secretAccessKey,
    String bucket,
    long layoutVersion,
    int replicationFactor,
    String s3Endpoint,
    String k2vEndpoint,
    Proc layoutAdmin,
    List<Node> nodes,
    List<Node> removedNodes) {

  static final String FILE_NAME = "cluster.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  DevClusterState {
    nodes = List.copyOf(nodes);
    // Absent from the files of clusters started before remove-node existed.
    removedNodes = removedNodes == null ? List.of() : List.copyOf(removedNodes);
  }

  /**
   * One process: {@code remise <args>} with its output in {@code log}.
   *
   * @param startedAt when the OS says it started (ISO-8601), to tell it from a later process that
   *     got the same pid; {@code null} when unknown
   */
  record Proc(String name, long pid, String startedAt, String log, List<String> args) {
    Proc {
      args = List.copyOf(args);
    }

    /** The process, if it is still the one started (not a recycled pid) and not a zombie. */
    Optional<ProcessHandle> alive() {
      if (pid <= 0) {
        return Optional.empty();
      }
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              h ->
                  startedAt == null
                      || h.info()
                          .startInstant()
                          .map(i -> i.toString().equals(startedAt))
                          .orElse(true))
          .filter(h -> !zombie(pid));
    }

    Proc withProcess(long newPid, String newStartedAt) {
      return new Proc(name, newPid, newStartedAt, log, args);
    }

    /** This process with other values for some of its options ({@code --name value} pairs). */
    Proc withOptions(Map<String, String> values) {
      List<String> out = new ArrayList<>(args);
      for (Map.Entry<String, String> v : values.entrySet()) {
        int at = out.indexOf(v.getKey());
        if (at < 0 || at + 1 >= out.size()) {
          throw new IllegalArgumentException("no option " + v.getKey() + " to change in " + args);
        }
        out.set(at + 1, v.getValue());
      }
      return new Proc(name, pid, startedAt, log, out);
    }
  }

  /** The ports of one node's roles. */
  record Ports(int s3, int rpcMetadata, int k2v, int rpcBlock, int s3Metrics, int k2vMetrics) {}

  /** Where a node keeps its data: the metadata RocksDB, the blocks and their reference counts. */
  record DataDirs(String root, String metadata, String blocks, String blockMetadata) {
    static DataDirs of(Path root) {
      return new DataDirs(
          root.toString(),
          root.resolve("meta").toString(),
          root.resolve("blocks").toString(),
          root.resolve("block-meta").toString());
    }
  }

  /**
   * One node: metadata-node, block-node, gateway-s3 and gateway-k2v in one process on its own
   * loopback address.
   *
   * @param index 1-based, as {@code kill} and {@code restart} take it
   */
  record Node(
      int index,
      String name,
      String id,
      String zone,
      long capacity,
      String address,
      String s3Endpoint,
      String k2vEndpoint,
      String metadataRpc,
      String blockRpc,
      Ports ports,
      DataDirs dataDirs,
      Proc process) {

    Node withProcess(Proc p) {
      return new Node(
          index,
          name,
          id,
          zone,
          capacity,
          address,
          s3Endpoint,
          k2vEndpoint,
          metadataRpc,
          blockRpc,
          ports,
          dataDirs,
          p);
    }
  }

  DevClusterState withNode(Node changed) {
    return with(
        layoutAdmin, nodes.stream().map(n -> n.index() == changed.index() ? changed : n).toList());
  }

  DevClusterState with(Proc admin, List<Node> newNodes) {
    return new DevClusterState(
        region,
        adminEndpoint,
        adminToken,
        accessKeyId,
        secretAccessKey,
        bucket,
        layoutVersion,
        replicationFactor,
        s3Endpoint,
        k2vEndpoint,
        admin,
        newNodes,
        removedNodes);
  }

  /** The index of a new node: after every node the cluster ever had. */
  int nextIndex() {
    int last = 0;
    for (Node n : nodes) {
      last = Math.max(last, n.index());
    }
    for (Node n : removedNodes) {
      last = Math.max(last, n.index());
    }
    return last + 1;
  }

  DevClusterState withAddedNode(Node added) {
    List<Node> out = new ArrayList<>(nodes);
    out.add(added);
    return with(layoutAdmin, out);
  }

  /**
   * Moves {@code node} to {@code removedNodes}; the default endpoints follow the first node left.
   */
  DevClusterState withRemovedNode(Node node) {
    List<Node> left = nodes.stream().filter(n -> n.index() != node.index()).toList();
    List<Node> removed = new ArrayList<>(removedNodes);
    removed.add(node);
    return new DevClusterState(
        region,
        adminEndpoint,
        adminToken,
        accessKeyId,
        secretAccessKey,
        bucket,
        layoutVersion,
        replicationFactor,
        left.getFirst().s3Endpoint(),
        left.getFirst().k2vEndpoint(),
        layoutAdmin,
        left,
        removed);
  }

  DevClusterState withCredentials(
      String newAccessKeyId, String newSecret, String newBucket, long newLayoutVersion) {
    return new DevClusterState(
        region,
        adminEndpoint,
        adminToken,
        newAccessKeyId,
        newSecret,
        newBucket,
        newLayoutVersion,
        replicationFactor,
        s3Endpoint,
        k2vEndpoint,
        layoutAdmin,
        nodes,
        removedNodes);
  }

  /** Every process, nodes first: the order they are stopped in (layout-admin last). */
  List<Proc> processes() {
    List<Proc> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.process()));
    out.add(layoutAdmin);
    return out;
  }

  String toJson() {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
  }

  static Optional<DevClusterState> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(
        JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), DevClusterState.class));
  }

  /** Written whole through a temporary file, so a reader never sees half a state. */
  void write(Path dir) throws IOException {
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    Files.writeString(tmp, toJson() + "\n", StandardCharsets.UTF_8);
    Files.move(
        tmp,
        dir.resolve(FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A killed process the parent has not reaped yet still has a pid; Linux marks it {@code Z} in
   * {@code /proc/<pid>/stat}. Elsewhere the check is skipped.
   */
  static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
