package dev.remise.metadata.sync;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.background.Worker;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutVersion;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.MerkleNode;
import dev.remise.metadata.table.MerkleNode.Child;
import dev.remise.metadata.table.MerkleNode.Empty;
import dev.remise.metadata.table.MerkleNode.Intermediate;
import dev.remise.metadata.table.MerkleNode.Leaf;
import dev.remise.metadata.table.MerkleTree;
import dev.remise.metadata.table.StoredEntry;
import dev.remise.metadata.table.Tables;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.replication.Replication;
import dev.remise.replication.WriteSet;
import dev.remise.replication.WriteSets;
import dev.remise.rpc.SyncRpc;
import dev.remise.table.EntryBatch;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Anti-entropy for the tables of this node, Garage's {@code SyncWorker} ({@code table/sync.rs},
 * garage-internals §3.7), push-only.
 *
 * <p><b>Passes.</b> A pass takes every partition of a group of tables, computed from one snapshot
 * of the layout: sharded tables every {@code interval} (10 min), full-copy tables every {@code
 * fullCopyInterval} (10 s, as Garage v2), both first {@code firstDelay} after start, and both at
 * once when the layout's versions or {@code ack} minimum change. One {@link #work} step syncs one
 * (table, partition), so the runner can be closed between partitions.
 *
 * <p><b>One partition.</b> If this node is one of the partition's storage nodes (in any active
 * version), it syncs with every other one: when their roots differ it walks its own trie breadth
 * first, fetching the peer's node for each of its intermediate nodes and descending into the
 * children whose hashes differ or that the peer lacks, and pushes the item of each of its leaves
 * reached, {@value #ITEM_BATCH} per message. It never pulls: what only the peer has, the peer
 * pushes when it syncs with this node. The partition succeeds when, in each write set, at most
 * {@code |set| − W} peers failed (this node counts as a success). If this node is no storage node
 * of the partition but still holds entries of it (the layout moved them away), it offloads them:
 * {@value #OFFLOAD_BATCH} at a time to <em>every</em> storage node, and only with at least W of
 * them, then deletes each local entry that is still byte-identical.
 *
 * <p><b>Progress.</b> A table is synced at layout version v once a pass computed from a history
 * whose {@code ack} minimum was v succeeded on all its partitions: every write acknowledged under
 * an older version was by then also sent to v's nodes, so that pass copied them over. After a pass
 * that succeeded everywhere, {@code onFullSync} receives the least such version over all tables,
 * which is what this node's {@code sync} tracker may advance to.
 */
public final class TableSyncer implements Worker {
  private static final System.Logger LOG = System.getLogger(TableSyncer.class.getName());

  /** Items per push message, Garage's batch. */
  public static final int ITEM_BATCH = 256;

  /** Entries read and sent per offload round, Garage's batch. */
  public static final int OFFLOAD_BATCH = 1024;

  /** A pass that failed somewhere is retried this soon (or at its interval, if shorter). */
  public static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  private static final byte[] ROOT = new byte[0];
  private static final HexFormat HEX = HexFormat.of();

  /**
   * When passes run.
   *
   * @param interval between passes of the sharded tables
   * @param fullCopyInterval between passes of the full-copy tables
   * @param firstDelay from start to the first pass of each group
   */
  public record Schedule(Duration interval, Duration fullCopyInterval, Duration firstDelay) {
    public Schedule {
      if (!interval.isPositive() || !fullCopyInterval.isPositive() || firstDelay.isNegative()) {
        throw new IllegalArgumentException(
            "sync intervals must be positive and the first delay not negative");
      }
    }

    /** How often an idle runner looks again: often enough to honour both intervals. */
    public Duration tick() {
      Duration tick = interval.compareTo(fullCopyInterval) < 0 ? interval : fullCopyInterval;
      Duration max = Duration.ofSeconds(10);
      Duration min = Duration.ofMillis(100);
      tick = tick.compareTo(max) > 0 ? max : tick;
      return tick.compareTo(min) < 0 ? min : tick;
    }
  }

  /** The two kinds of tables, synced on their own schedules. */
  private enum Group {
    SHARDED,
    FULL_COPY
  }

  /** What makes a pass stale: a new version, a version retired, or {@code ack} moving. */
  private record LayoutKey(List<Long> activeVersions, long ackMin) {
    static LayoutKey of(LayoutHistory h) {
      return new LayoutKey(
          h.activeVersions().stream().map(LayoutVersion::version).toList(), h.ackMin());
    }
  }

  private record Task(LocalTable<?> table, int partition) {}

  /** A pass under way: its layout snapshot, what is left, and which tables failed somewhere. */
  private static final class Pass {
    final LayoutView view;
    final long version;
    final Set<Group> groups;
    final Deque<Task> todo = new ArrayDeque<>();
    final Set<String> tables = new HashSet<>();
    final Set<String> failedTables = new HashSet<>();
    int failedPartitions;

    Pass(LayoutView view, long version, Set<Group> groups) {
      this.view = view;
      this.version = version;
      this.groups = groups;
    }
  }

  private final Tables tables;
  private final NodeId self;
  private final Supplier<Optional<LayoutHistory>> layout;
  private final Function<NodeId, Optional<URI>> addresses;
  private final SyncRpc rpc;
  private final Schedule schedule;
  private final InstantSource clock;
  private final LongConsumer onFullSync;

  private final Map<Group, Instant> due = new EnumMap<>(Group.class);
  private final Map<String, Long> syncedVersions = new ConcurrentHashMap<>();
  private volatile boolean fullSyncRequested;
  private LayoutKey lastLayout;
  private Pass pass;
  private volatile String status = "waiting for the first pass";

  /**
   * @param self this node
   * @param layout this node's current layout history, if it has one
   * @param addresses where a node's metadata role answers
   * @param onFullSync receives the version every table is synced at, after each pass that succeeded
   *     on every partition; the value never decreases but may repeat
   */
  public TableSyncer(
      Tables tables,
      NodeId self,
      Supplier<Optional<LayoutHistory>> layout,
      Function<NodeId, Optional<URI>> addresses,
      SyncRpc rpc,
      Schedule schedule,
      InstantSource clock,
      LongConsumer onFullSync) {
    this.tables = tables;
    this.self = self;
    this.layout = layout;
    this.addresses = addresses;
    this.rpc = rpc;
    this.schedule = schedule;
    this.clock = clock;
    this.onFullSync = onFullSync;
    Instant first = clock.instant().plus(schedule.firstDelay());
    due.put(Group.SHARDED, first);
    due.put(Group.FULL_COPY, first);
    this.lastLayout = layout.get().map(LayoutKey::of).orElse(null);
  }

  @Override
  public String name() {
    return "table sync";
  }

  @Override
  public String status() {
    return status;
  }

  /**
   * Syncs the next partition of the pass under way, or starts a pass if one is due; idle when
   * neither. Called by one thread at a time (the runner's).
   */
  @Override
  public WorkerState work() {
    if (pass == null) {
      return startPassIfDue() ? WorkerState.BUSY : WorkerState.IDLE;
    }
    Task task = pass.todo.poll();
    if (task == null) {
      finishPass();
      return WorkerState.BUSY;
    }
    boolean ok;
    try {
      ok = syncPartition(task.table(), task.partition(), pass.view);
    } catch (RuntimeException e) {
      // A local failure (storage) fails this partition only; the pass goes on.
      LOG.log(
          Level.WARNING, "sync of " + task.table().name() + "/" + task.partition() + " failed", e);
      ok = false;
    }
    if (!ok) {
      pass.failedTables.add(task.table().name());
      pass.failedPartitions++;
    }
    status =
        "pass at layout version %d: %d partitions left, %d failed"
            .formatted(pass.version, pass.todo.size(), pass.failedPartitions);
    return WorkerState.BUSY;
  }

  /** Starts a pass now for every table, at the next step (operator request, tests). */
  public void requestFullSync() {
    fullSyncRequested = true;
  }

  /**
   * The least layout version at which every table has completed a successful pass, if every table
   * has.
   */
  public OptionalLong syncedVersion() {
    if (syncedVersions.size() < tables.all().size()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        syncedVersions.values().stream().mapToLong(Long::longValue).min().orElseThrow());
  }

  /**
   * Whether every partition of every table has synced successfully (a quorum of each write set) in
   * a pass computed at {@code layoutVersion} or later.
   */
  public boolean syncedAt(long layoutVersion) {
    OptionalLong synced = syncedVersion();
    return synced.isPresent() && synced.getAsLong() >= layoutVersion;
  }

  private boolean startPassIfDue() {
    Optional<LayoutHistory> history = layout.get();
    if (history.isEmpty()) {
      status = "no cluster layout yet";
      return false;
    }
    Instant now = clock.instant();
    LayoutKey key = LayoutKey.of(history.get());
    if (!key.equals(lastLayout) || fullSyncRequested) {
      // The nodes of some partitions changed, or a transition moved on: sync everything now.
      lastLayout = key;
      fullSyncRequested = false;
      due.replaceAll((g, at) -> now);
    }
    Set<Group> groups = new HashSet<>();
    due.forEach(
        (g, at) -> {
          if (!at.isAfter(now)) {
            groups.add(g);
          }
        });
    if (groups.isEmpty()) {
      return false;
    }
    for (Group g : groups) {
      due.put(g, now.plus(interval(g)));
    }
    LayoutView view = LayoutView.of(history.get(), ConsistencyMode.CONSISTENT);
    pass = new Pass(view, history.get().ackMin(), groups);
    for (LocalTable<?> table : tables.all()) {
      if (groups.contains(groupOf(table))) {
        pass.tables.add(table.name());
        for (int p = 0; p < table.partitionCount(); p++) {
          pass.todo.add(new Task(table, p));
        }
      }
    }
    status = "pass at layout version %d started".formatted(pass.version);
    return true;
  }

  private void finishPass() {
    Pass done = pass;
    pass = null;
    for (String table : done.tables) {
      if (!done.failedTables.contains(table)) {
        syncedVersions.merge(table, done.version, Math::max);
      }
    }
    if (done.failedPartitions > 0) {
      Instant retry = clock.instant().plus(RETRY_AFTER_FAILURE);
      for (Group g : done.groups) {
        if (retry.isBefore(due.get(g))) {
          due.put(g, retry);
        }
      }
      status =
          "last pass at layout version %d: %d partitions failed"
              .formatted(done.version, done.failedPartitions);
      // One line per pass, not per partition: a peer that is down fails most partitions.
      LOG.log(
          Level.WARNING,
          "table sync at layout version {0}: {1} partitions failed, retrying within {2}",
          done.version,
          done.failedPartitions,
          RETRY_AFTER_FAILURE);
      return;
    }
    OptionalLong synced = syncedVersion();
    status =
        "last pass at layout version %d succeeded; all tables synced at %s"
            .formatted(done.version, synced.isPresent() ? synced.getAsLong() : "-");
    if (synced.isPresent()) {
      onFullSync.accept(synced.getAsLong());
    }
  }

  private Duration interval(Group g) {
    return switch (g) {
      case SHARDED -> schedule.interval();
      case FULL_COPY -> schedule.fullCopyInterval();
    };
  }

  private static Group groupOf(LocalTable<?> table) {
    return switch (table.replication()) {
      case Replication.Sharded s -> Group.SHARDED;
      case Replication.FullCopy f -> Group.FULL_COPY;
    };
  }

  /** Syncs or offloads one partition; true when it succeeded. */
  boolean syncPartition(LocalTable<?> table, int partition, LayoutView view) {
    List<NodeId> storage = table.replication().storageNodes(view, partition);
    if (storage.isEmpty()) {
      return true; // No ring yet: nothing is placed anywhere.
    }
    WriteSets sets = table.replication().writeSets(view, probe(partition));
    if (!storage.contains(self)) {
      return offload(table, partition, storage, sets);
    }
    Set<NodeId> failed = new HashSet<>();
    for (NodeId peer : storage) {
      if (peer.equals(self)) {
        continue;
      }
      try {
        syncWith(table, partition, peer);
      } catch (RuntimeException e) {
        LOG.log(
            Level.DEBUG,
            "sync of {0}/{1} with {2} failed: {3}",
            table.name(),
            partition,
            peer.shortHex(),
            e.toString());
        failed.add(peer);
      }
    }
    for (WriteSet set : sets.sets()) {
      long failures = set.nodes().stream().filter(failed::contains).count();
      if (failures > set.nodes().size() - set.quorum()) {
        return false;
      }
    }
    return true;
  }

  /** Pushes to {@code peer} every item of the partition whose leaf the peer's trie lacks. */
  private void syncWith(LocalTable<?> table, int partition, NodeId peer) {
    MerkleTree merkle = table.merkle();
    MerkleNode root = merkle.node(partition, ROOT);
    if (root instanceof Empty) {
      return; // Nothing to push; the peer pushes its own items when it syncs with us.
    }
    URI node = address(peer);
    byte[] remoteRoot = rpc.rootHash(node, table.name(), partition);
    if (Arrays.equals(remoteRoot, root.hash().bytes())) {
      return;
    }
    Deque<byte[]> todo = new ArrayDeque<>();
    todo.add(ROOT);
    List<byte[]> batch = new ArrayList<>();
    while (!todo.isEmpty()) {
      byte[] prefix = todo.poll();
      switch (merkle.node(partition, prefix)) {
        case Empty e -> {}
        case Leaf leaf -> {
          // The entry as it is now: newer than the leaf if it changed since, which only helps.
          byte[] entry = table.getEncodedByKey(leaf.key());
          if (entry != null) {
            batch.add(entry);
            if (batch.size() >= ITEM_BATCH) {
              rpc.items(node, table.name(), EntryBatch.encode(batch));
              batch.clear();
            }
          }
        }
        case Intermediate local -> {
          MerkleNode remote =
              MerkleNode.decode(rpc.node(node, table.name(), partition, HEX.formatHex(prefix)));
          Map<Integer, Hash> remoteChildren = new HashMap<>();
          if (remote instanceof Intermediate r) {
            r.children().forEach(c -> remoteChildren.put(c.index(), c.hash()));
          }
          for (Child c : local.children()) {
            if (!c.hash().equals(remoteChildren.get(c.index()))) {
              byte[] child = Arrays.copyOf(prefix, prefix.length + 1);
              child[prefix.length] = (byte) c.index();
              todo.add(child);
            }
          }
        }
      }
    }
    if (!batch.isEmpty()) {
      rpc.items(node, table.name(), EntryBatch.encode(batch));
    }
  }

  /**
   * Moves the entries of a partition this node no longer stores to the nodes that do: each batch
   * goes to every storage node (so no copy is lost if one of them is lost later), then each local
   * entry is deleted if unchanged meanwhile.
   */
  private boolean offload(
      LocalTable<?> table, int partition, List<NodeId> storage, WriteSets sets) {
    List<StoredEntry> batch = table.partitionEntries(partition, null, OFFLOAD_BATCH);
    if (batch.isEmpty()) {
      return true;
    }
    int quorum = sets.sets().stream().mapToInt(WriteSet::quorum).max().orElseThrow();
    if (storage.size() < quorum) {
      LOG.log(
          Level.WARNING,
          "cannot offload {0}/{1}: {2} storage nodes, fewer than the write quorum {3}",
          table.name(),
          partition,
          storage.size(),
          quorum);
      return false;
    }
    Map<NodeId, URI> nodes = new LinkedHashMap<>();
    try {
      for (NodeId n : storage) {
        nodes.put(n, address(n));
      }
    } catch (PeerAddressUnknownException e) {
      LOG.log(Level.DEBUG, "cannot offload {0}/{1}: {2}", table.name(), partition, e.getMessage());
      return false;
    }
    while (!batch.isEmpty()) {
      if (becameStorageNode(table, partition)) {
        // The layout gave the partition back to this node: keep what is left, sync will run.
        return false;
      }
      byte[] body = EntryBatch.encode(batch.stream().map(StoredEntry::value).toList());
      try {
        for (URI node : nodes.values()) {
          rpc.items(node, table.name(), body);
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.DEBUG, "offload of {0}/{1} failed: {2}", table.name(), partition, e.toString());
        return false;
      }
      for (StoredEntry e : batch) {
        table.deleteIfEqualHash(e.key(), Blake2.sum(e.value()));
      }
      // Entries changed meanwhile stay; start after the batch so they are not sent in a loop.
      batch = table.partitionEntries(partition, batch.getLast().key(), OFFLOAD_BATCH);
    }
    return true;
  }

  private boolean becameStorageNode(LocalTable<?> table, int partition) {
    return layout
        .get()
        .map(h -> LayoutView.of(h, ConsistencyMode.CONSISTENT))
        .map(v -> table.replication().storageNodes(v, partition).contains(self))
        .orElse(false);
  }

  private URI address(NodeId node) {
    return addresses
        .apply(node)
        .orElseThrow(
            () ->
                new PeerAddressUnknownException(
                    "no known address of the metadata role of node " + node.shortHex()));
  }

  /** A position hash in {@code partition}: what the replication's write sets are asked with. */
  private static Hash probe(int partition) {
    byte[] bytes = new byte[Hash.LENGTH];
    bytes[0] = (byte) partition;
    return new Hash(bytes);
  }

  /** The layout names a node whose address this node has not learnt yet. */
  static final class PeerAddressUnknownException extends RuntimeException {
    PeerAddressUnknownException(String message) {
      super(message);
    }
  }
}
