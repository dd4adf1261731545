package dev.remise.admin.cluster;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutVersion;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingLayout;
import dev.remise.rpc.Heartbeat;
import dev.remise.rpc.Peer;
import dev.remise.rpc.PeerList;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is in the cluster and who is up, as layout-admin sees it: the last heartbeat of every role of
 * every node, in memory only (after a restart the nodes re-announce themselves within one period).
 * A process running several roles beats once per role under one id; they merge into one node.
 *
 * <p>A role is up when its last heartbeat is at most {@code upTimeout} old. For the rings, a node
 * counts as up only through the role that serves the ring: a metadata-node role for the metadata
 * ring, a block-node role for the block ring, the single-node role for both. So a node whose block
 * store died while its metadata role still beats is down for the block ring, which is what the
 * health of the block partitions depends on.
 *
 * <p>Health follows Garage ({@code garage-internals} §1.7) over both rings of every active layout
 * version: a partition has quorum when, in each of those rings, a majority of its copies sits on up
 * nodes, and is all-OK when every copy does. A ring with no assignment yet (no layout applied)
 * gives no partition quorum: a cluster without a layout cannot store anything.
 */
public final class NodeRegistry {
  /** Garage's partition count, the same for both rings. */
  public static final int PARTITIONS = 256;

  private static final List<String> ADDRESS_PREFERENCE =
      List.of("single-node", "metadata-node", "block-node", "gateway-s3", "gateway-k2v");

  private final InstantSource clock;
  private final Duration upTimeout;
  private final Map<NodeId, Map<String, Seen>> nodes = new HashMap<>();

  /**
   * One role's last heartbeat, when it arrived, and since when the role answers at that address
   * (all by layout-admin's clock, not the node's).
   */
  private record Seen(Heartbeat heartbeat, Instant at, Instant addressSince) {}

  public NodeRegistry(InstantSource clock, Duration upTimeout) {
    if (upTimeout.isNegative() || upTimeout.isZero()) {
      throw new IllegalArgumentException("the up timeout must be positive");
    }
    this.clock = clock;
    this.upTimeout = upTimeout;
  }

  public synchronized void heartbeat(Heartbeat heartbeat) {
    Map<String, Seen> roles = nodes.computeIfAbsent(heartbeat.id(), id -> new TreeMap<>());
    Instant now = clock.instant();
    Seen before = roles.get(heartbeat.role());
    Instant since =
        before != null && before.heartbeat().address().equals(heartbeat.address())
            ? before.addressSince()
            : now;
    roles.put(heartbeat.role(), new Seen(heartbeat, now, since));
  }

  /**
   * The address of every role heard from, up or not: what nodes need to reach the nodes the layout
   * names ({@code GET /v1/cluster/peers}).
   */
  public synchronized PeerList peers() {
    List<Peer> out = new ArrayList<>();
    nodes.forEach(
        (id, roles) ->
            roles
                .values()
                .forEach(
                    s ->
                        out.add(
                            new Peer(
                                id,
                                s.heartbeat().role(),
                                URI.create(s.heartbeat().address()),
                                s.addressSince().toEpochMilli()))));
    return new PeerList(out);
  }

  /**
   * The internal addresses of every metadata-node and block-node role heard from, up or not: the
   * targets of a layout push ({@code LayoutPublisher}). Gateways are left out, they have no
   * internal port and pull instead; so is a role without a distinct internal address (single-node).
   */
  public synchronized Set<URI> internalAddresses() {
    Set<URI> out = new TreeSet<>();
    for (Map<String, Seen> roles : nodes.values()) {
      for (Seen seen : roles.values()) {
        String role = seen.heartbeat().role();
        if (role.equals("metadata-node") || role.equals("block-node")) {
          out.add(URI.create(seen.heartbeat().address()));
        }
      }
    }
    return out;
  }

  /**
   * Every node heard from or named by an active layout version, ordered by id. Nodes of the layout
   * never heard from are listed as down; nodes that only older active versions name are draining.
   */
  public synchronized ClusterStatus status(LayoutHistory history) {
    LayoutVersion current = history.current();
    Set<NodeId> ids = new TreeSet<>(nodes.keySet());
    ids.addAll(history.activeNodes());
    ids.addAll(current.roles().keySet());
    Instant now = clock.instant();
    List<NodeStatus> out = new ArrayList<>();
    for (NodeId id : ids) {
      out.add(nodeStatus(id, current, history.activeNodes(), now));
    }
    return new ClusterStatus(current.version(), out);
  }

  public synchronized ClusterHealth health(LayoutHistory history) {
    Instant now = clock.instant();
    int connected = 0;
    for (NodeId id : nodes.keySet()) {
      if (isUp(id, now)) {
        connected++;
      }
    }
    int storageNodes = 0;
    int storageNodesUp = 0;
    for (Map.Entry<NodeId, NodeRole> e : history.current().roles().entrySet()) {
      NodeRole role = e.getValue();
      if (role.isGateway()) {
        continue;
      }
      storageNodes++;
      boolean up = true;
      for (Ring ring : Ring.values()) {
        if (role.serves(ring) && !isUpFor(e.getKey(), ring, now)) {
          up = false;
        }
      }
      if (up) {
        storageNodesUp++;
      }
    }
    int quorum = 0;
    int allOk = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      PartitionHealth h = partitionHealth(p, history, now);
      if (h != PartitionHealth.NO_QUORUM) {
        quorum++;
      }
      if (h == PartitionHealth.ALL_OK) {
        allOk++;
      }
    }
    ClusterHealth.Status status;
    if (allOk == PARTITIONS && storageNodesUp == storageNodes) {
      status = ClusterHealth.Status.HEALTHY;
    } else if (quorum == PARTITIONS) {
      status = ClusterHealth.Status.DEGRADED;
    } else {
      status = ClusterHealth.Status.UNAVAILABLE;
    }
    return new ClusterHealth(
        status, nodes.size(), connected, storageNodes, storageNodesUp, PARTITIONS, quorum, allOk);
  }

  private enum PartitionHealth {
    ALL_OK,
    QUORUM,
    NO_QUORUM
  }

  /** The worst health of partition {@code p} over both rings of every active version. */
  private PartitionHealth partitionHealth(int p, LayoutHistory history, Instant now) {
    PartitionHealth worst = PartitionHealth.ALL_OK;
    for (LayoutVersion version : history.activeVersions()) {
      for (Ring ring : Ring.values()) {
        RingLayout layout = version.ring(ring);
        if (layout.isEmpty()) {
          return PartitionHealth.NO_QUORUM;
        }
        List<NodeId> copies = layout.nodesOf(p);
        int up = 0;
        for (NodeId n : copies) {
          if (isUpFor(n, ring, now)) {
            up++;
          }
        }
        // A majority of the copies: the write quorum of the consistent mode.
        if (up < copies.size() / 2 + 1) {
          return PartitionHealth.NO_QUORUM;
        }
        if (up < copies.size()) {
          worst = PartitionHealth.QUORUM;
        }
      }
    }
    return worst;
  }

  private NodeStatus nodeStatus(
      NodeId id, LayoutVersion current, Set<NodeId> activeNodes, Instant now) {
    NodeRole role = current.roles().get(id);
    // Named by an older active version only: its data is still being moved away.
    boolean draining = role == null && activeNodes.contains(id);
    Map<String, Seen> roles = nodes.getOrDefault(id, Map.of());
    if (roles.isEmpty()) {
      return new NodeStatus(
          id,
          List.of(),
          null,
          null,
          null,
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.ofNullable(role),
          draining,
          Optional.empty(),
          Optional.empty());
    }
    Seen newest = roles.values().stream().max(Comparator.comparing(Seen::at)).orElseThrow();
    String address = null;
    for (String r : ADDRESS_PREFERENCE) {
      if (roles.containsKey(r)) {
        address = roles.get(r).heartbeat().address();
        break;
      }
    }
    Optional<NodeStatus.Space> data = Optional.empty();
    Optional<NodeStatus.Space> meta = Optional.empty();
    for (Seen s : roles.values()) {
      Heartbeat hb = s.heartbeat();
      if (hb.dataAvailable() != null && hb.dataTotal() != null) {
        data = Optional.of(new NodeStatus.Space(hb.dataAvailable(), hb.dataTotal()));
      }
      if (hb.metaAvailable() != null && hb.metaTotal() != null) {
        meta = Optional.of(new NodeStatus.Space(hb.metaAvailable(), hb.metaTotal()));
      }
    }
    long secsAgo = Math.max(0, Duration.between(newest.at(), now).toSeconds());
    long layoutVersion =
        roles.values().stream().mapToLong(s -> s.heartbeat().layoutVersion()).min().orElseThrow();
    return new NodeStatus(
        id,
        List.copyOf(roles.keySet()),
        address,
        newest.heartbeat().hostname(),
        newest.heartbeat().version(),
        isUp(id, now),
        Optional.of(secsAgo),
        Optional.of(layoutVersion),
        Optional.ofNullable(role),
        draining,
        data,
        meta);
  }

  /** Every node with {@code role} heard from, ordered by id (admin operations on {@code *}). */
  public synchronized List<NodeId> nodesWithRole(String role) {
    return nodes.entrySet().stream()
        .filter(e -> e.getValue().containsKey(role))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Where {@code role} of node {@code id} answers, as its last heartbeat said, if ever heard. */
  public synchronized Optional<URI> address(NodeId id, String role) {
    Seen seen = nodes.getOrDefault(id, Map.of()).get(role);
    return seen == null ? Optional.empty() : Optional.of(URI.create(seen.heartbeat().address()));
  }

  /** Whether any role of {@code id} beat within the up timeout. */
  public synchronized boolean isUp(NodeId id) {
    return isUp(id, clock.instant());
  }

  /** Up when any of its roles is. */
  private boolean isUp(NodeId id, Instant now) {
    for (Seen s : nodes.getOrDefault(id, Map.of()).values()) {
      if (fresh(s, now)) {
        return true;
      }
    }
    return false;
  }

  /** Up for a ring when a role that serves that ring is. */
  private boolean isUpFor(NodeId id, Ring ring, Instant now) {
    Map<String, Seen> roles = nodes.getOrDefault(id, Map.of());
    String serving =
        switch (ring) {
          case METADATA -> "metadata-node";
          case BLOCK -> "block-node";
        };
    return fresh(roles.get(serving), now) || fresh(roles.get("single-node"), now);
  }

  private boolean fresh(Seen seen, Instant now) {
    return seen != null && Duration.between(seen.at(), now).compareTo(upTimeout) <= 0;
  }
}
