package dev.remise.rpc;

import dev.remise.core.AtomicFile;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutFile;
import dev.remise.layout.LayoutHistory;
import dev.remise.replication.AckLocks;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.replication.NoStorageNodesException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

/**
 * A node's own copy of the cluster layout: the last {@link LayoutHistory} it received from
 * layout-admin, pulled after a heartbeat whose digest differs ({@link HeartbeatWorker}) or pushed
 * to it. Every copy received is merged into the one held ({@link LayoutHistory#merge}), never
 * swapped in, so a stale or reordered delivery cannot take the node back (Garage §1.6). Each change
 * is written to {@code <dir>/cluster_layout} ({@link LayoutFile}: temporary file, fsync, rename)
 * before it becomes visible, and the file is read at start, so a node restarted while layout-admin
 * is down still knows the layout it had.
 *
 * <p>After every merge the node advances its own update trackers ({@link
 * LayoutHistory#updateTrackersOf}): it acknowledges the current version, records that it is synced
 * to the oldest active one, and reads from the version the trackers allow. Those entries exist only
 * in this copy until the node sends its history back to layout-admin ({@link HeartbeatWorker}),
 * which is how layout-admin collects every node's trackers, and how it gets the whole history back
 * after losing its disk.
 *
 * <p>Every table write this node coordinates takes its write sets and an ack lock together ({@link
 * #beginWrite}), so the node never acknowledges a version while a write placed by an older one is
 * in flight; when the last such write returns, the trackers are advanced again. The node's {@code
 * sync} tracker moves only when its table syncer reports a complete pass ({@link #markSynced}).
 *
 * <p>It also keeps the addresses of the cluster's roles ({@link Peer}, file {@code cluster_peers}),
 * pulled from layout-admin when the heartbeat reply shows another digest and merged by address age,
 * so the node can reach the nodes the layout names while layout-admin is down.
 *
 * <p>A node that never heard from layout-admin holds no history and reports version 0.
 */
public final class NodeLayout {
  private static final System.Logger LOG = System.getLogger(NodeLayout.class.getName());

  /** Consistent mode's write quorum, a majority of the copies (garage-internals §3.4). */
  private static final IntUnaryOperator MAJORITY = rf -> rf / 2 + 1;

  /** The peers' addresses, beside the layout history. */
  public static final String PEERS_FILE = "cluster_peers";

  private final LayoutFile file;
  private final Path peersFile;
  private final NodeId self;
  private LayoutHistory history;
  private String digest;
  private final Map<String, Peer> peers = new TreeMap<>();
  private String peersDigest;

  /**
   * Only the release of an older version can let the ack tracker move: writes on the current one,
   * the steady state, cost no tracker update.
   */
  private final AckLocks ackLocks =
      new AckLocks(
          released -> {
            if (released < currentVersion()) {
              refreshTrackers();
            }
          });

  private long synced;
  private final Map<ConsistencyMode, LayoutView> views = new EnumMap<>(ConsistencyMode.class);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private NodeLayout(LayoutFile file, Path peersFile, NodeId self, LayoutHistory history) {
    this.file = file;
    this.peersFile = peersFile;
    this.self = self;
    this.history = history;
    this.digest = history == null ? null : history.digest().hex();
  }

  /**
   * Loads the history kept in {@code dir}, or none on a node's first start.
   *
   * @throws IllegalStateException when the file is not a layout history: the node stops rather than
   *     start without the layout it had
   */
  public static NodeLayout open(Path dir, NodeId self) throws IOException {
    LayoutFile file = new LayoutFile(dir);
    NodeLayout layout =
        new NodeLayout(file, dir.resolve(PEERS_FILE), self, file.load().orElse(null));
    layout.loadPeers();
    return layout;
  }

  private void loadPeers() throws IOException {
    if (Files.exists(peersFile)) {
      try {
        PeerList stored = ClusterJson.decode(Files.readAllBytes(peersFile), PeerList.class);
        stored.peers().forEach(p -> peers.put(key(p), p));
      } catch (MalformedMessageException e) {
        throw new IllegalStateException(
            "cannot read the peers' addresses in " + peersFile + ": " + e.getMessage(), e);
      }
    }
    peersDigest = new PeerList(List.copyOf(peers.values())).digest();
  }

  /** Every role's address this node knows. */
  public synchronized List<Peer> peers() {
    return List.copyOf(peers.values());
  }

  /** Where {@code role} of {@code node} answers, if known. */
  public synchronized Optional<URI> address(NodeId node, String role) {
    return Optional.ofNullable(peers.get(node.hex() + "/" + role)).map(Peer::address);
  }

  /** Whether layout-admin's list of peers, known by its digest, differs from this one. */
  public synchronized boolean peersDifferFrom(String peerListDigest) {
    return !peerListDigest.equals(peersDigest);
  }

  /**
   * Merges addresses from layout-admin: per role of a node, the one heard most recently wins, and a
   * role layout-admin does not list (it restarted and has not heard from it yet) is kept.
   *
   * @return true when an address changed
   * @throws UncheckedIOException when the file cannot be written; nothing changes then
   */
  public synchronized boolean mergePeers(List<Peer> received) {
    Map<String, Peer> next = new TreeMap<>(peers);
    for (Peer p : received) {
      next.merge(key(p), p, (mine, theirs) -> theirs.since() > mine.since() ? theirs : mine);
    }
    if (next.equals(peers)) {
      return false;
    }
    PeerList list = new PeerList(List.copyOf(next.values()));
    try {
      AtomicFile.write(peersFile, ClusterJson.encode(list));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the peers' addresses to " + peersFile, e);
    }
    peers.clear();
    peers.putAll(next);
    peersDigest = list.digest();
    return true;
  }

  private static String key(Peer p) {
    return p.id().hex() + "/" + p.role();
  }

  /** The node whose trackers this copy advances. */
  public NodeId self() {
    return self;
  }

  public synchronized Optional<LayoutHistory> history() {
    return Optional.ofNullable(history);
  }

  /** The current version of the history held, 0 before the first one arrives. */
  public synchronized long currentVersion() {
    return history == null ? 0 : history.current().version();
  }

  /**
   * Whether layout-admin's history, known by its digest, may hold something this copy lacks. Equal
   * digests mean equal histories, so a steady cluster pulls nothing.
   */
  public synchronized boolean differsFrom(String layoutDigest) {
    return !layoutDigest.equals(digest);
  }

  /** The digest of the history held, null before the first one arrives. */
  public synchronized String digest() {
    return digest;
  }

  /**
   * Merges a received history into the one held, advances this node's trackers, and persists the
   * result before publishing it.
   *
   * @return true when the held history changed
   * @throws dev.remise.layout.LayoutRejectedException when the received history holds a version
   *     that fails the layout check; the held history is then unchanged
   * @throws UncheckedIOException when the file cannot be written; the held history is then
   *     unchanged
   */
  public boolean merge(LayoutHistory received) {
    boolean changed;
    synchronized (this) {
      LayoutHistory merged =
          history == null ? LayoutHistory.checked(received) : history.mergeChecked(received);
      changed = publish(withOwnTrackers(merged));
    }
    if (changed) {
      listeners.forEach(Runnable::run);
    }
    return changed;
  }

  /**
   * Records that a full table sync computed at {@code version} (the history's {@link
   * LayoutHistory#ackMin} when the pass started) completed on every partition this node holds, and
   * raises its {@code sync} tracker accordingly.
   */
  public void markSynced(long version) {
    synchronized (this) {
      if (version <= synced) {
        return;
      }
      synced = version;
    }
    refreshTrackers();
  }

  /**
   * The layout as a table write must use it: the view in {@code mode} and an ack lock on its
   * current version, taken together so that no merge can acknowledge a newer version in between.
   * Close the write when its quorum call returns.
   *
   * @throws NoStorageNodesException before the first layout arrives
   */
  public synchronized PlacedWrite beginWrite(ConsistencyMode mode) {
    LayoutView view = view(mode);
    return new PlacedWrite(view, ackLocks.acquire(view.currentVersion()));
  }

  /**
   * The history seen in {@code mode}, computed once per change of the history.
   *
   * @throws NoStorageNodesException before the first layout arrives
   */
  public synchronized LayoutView view(ConsistencyMode mode) {
    if (history == null) {
      throw new NoStorageNodesException(
          "this node has not received a cluster layout yet: apply one with layout-admin");
    }
    return views.computeIfAbsent(mode, m -> LayoutView.of(history, m));
  }

  /** Table writes this node coordinates that are still waiting for their quorum. */
  public int writesInFlight() {
    return ackLocks.inFlight();
  }

  /**
   * Runs {@code listener} after every change of the history (a merge, a tracker advance), outside
   * this object's lock: the table syncer starts a pass when the layout changes.
   */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Advances this node's trackers after a write released its lock or a sync completed. */
  private void refreshTrackers() {
    boolean changed;
    synchronized (this) {
      changed = history != null && publish(withOwnTrackers(history));
    }
    if (changed) {
      listeners.forEach(Runnable::run);
    }
  }

  private LayoutHistory withOwnTrackers(LayoutHistory h) {
    long current = h.current().version();
    return h.updateTrackersOf(self, ackLocks.ackable(current), synced, MAJORITY);
  }

  /** Persists and publishes {@code next}; false when it is the history already held. */
  private boolean publish(LayoutHistory next) {
    String nextDigest = next.digest().hex();
    if (nextDigest.equals(digest)) {
      return false;
    }
    try {
      file.save(next);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the layout history to " + file.path(), e);
    }
    long before = currentVersion();
    history = next;
    digest = nextDigest;
    views.clear();
    if (next.current().version() != before) {
      LOG.log(Level.INFO, "cluster layout version {0} (was {1})", next.current().version(), before);
    }
    return true;
  }
}
