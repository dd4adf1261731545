package dev.remise.layout;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import dev.remise.layout.UpdateTrackers.Tracker;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/**
 * The cluster layout as layout-admin and every node keep it, Garage's {@code LayoutHistory}
 * (garage-internals §1.5 and §2): the layout versions still in use, a few retired ones, the
 * per-node update trackers, and the changes staged for the next version. Immutable: every operation
 * returns a new history.
 *
 * <p><b>Versions.</b> {@code versions} holds every retained version by number. Those numbered from
 * {@code activeFrom} up are <em>active</em>: data is still written to each of them, because some
 * node may not have synced to the newest; the highest is the current version. Below {@code
 * activeFrom} are at most {@value #RETIRED_VERSIONS_KEPT} <em>retired</em> versions, kept only to
 * find blocks that have not moved yet. Version 0, the empty layout every cluster starts from, is
 * dropped once it stops being active: it places nothing. A version leaves the active set when every
 * node of the current version has switched its reads past it ({@link #retireSyncedVersions}).
 *
 * <p><b>A CRDT.</b> {@link #merge} is the union of the versions by number, the larger {@code
 * activeFrom}, the larger value of every tracker, and the last-writer-wins staging. An apply writes
 * one version number once; two different versions under one number would mean two applies of the
 * same number on replicas that did not see each other, which operators must never do (Garage only
 * logs it). Should it happen, the version with the smaller digest wins on every replica, so they
 * still converge; {@link #conflictingVersions} lets the caller report it. Retention depends only on
 * version numbers and {@code activeFrom}, and whatever one replica prunes any later merge would
 * prune too, so the merge stays commutative, associative and idempotent. Garage keeps two lists and
 * appends only the version after its current one; the union keyed by number gives the same result
 * where Garage's merge applies and is a true join.
 */
public record LayoutHistory(
    NavigableMap<Long, LayoutVersion> versions,
    long activeFrom,
    UpdateTrackers trackers,
    LayoutStaging staging) {

  /** Retired versions kept to find data that has not moved yet (Garage's OLD_VERSION_COUNT). */
  public static final int RETIRED_VERSIONS_KEPT = 5;

  public LayoutHistory {
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a layout history has at least its current version");
    }
    versions.forEach(
        (number, version) -> {
          if (number != version.version()) {
            throw new IllegalArgumentException(
                "version " + version.version() + " is filed under number " + number);
          }
        });
    long current = versions.lastKey();
    if (activeFrom < 0 || activeFrom > current) {
      throw new IllegalArgumentException(
          "the oldest active version %d is not between 0 and the current version %d"
              .formatted(activeFrom, current));
    }
    versions = Collections.unmodifiableNavigableMap(retained(versions, activeFrom));
  }

  /** Version 0 of a new cluster: no roles, empty rings, nothing staged. */
  public static LayoutHistory initial(RingParameters metadata, RingParameters block) {
    TreeMap<Long, LayoutVersion> versions = new TreeMap<>();
    versions.put(0L, LayoutVersion.initial(metadata, block));
    return new LayoutHistory(
        versions, 0, UpdateTrackers.empty(), LayoutStaging.initial(metadata, block));
  }

  // ---- Versions ----

  public LayoutVersion current() {
    return versions.lastEntry().getValue();
  }

  /** Versions still written to, oldest first; the last is the current one. */
  public List<LayoutVersion> activeVersions() {
    return List.copyOf(versions.tailMap(activeFrom, true).values());
  }

  /** Retired versions kept to find data, oldest first. */
  public List<LayoutVersion> retiredVersions() {
    return List.copyOf(versions.headMap(activeFrom, false).values());
  }

  public Optional<LayoutVersion> version(long number) {
    return Optional.ofNullable(versions.get(number));
  }

  // ---- Staging ----

  /** Stages one change per node, each replacing what was staged for that node. */
  public LayoutHistory stage(Map<NodeId, RoleChange> changes, InstantSource clock) {
    LayoutStaging next = staging;
    for (Map.Entry<NodeId, RoleChange> change : changes.entrySet()) {
      next = next.stage(change.getKey(), change.getValue(), clock);
    }
    return withStaging(next);
  }

  public LayoutHistory stageParameters(Ring ring, RingParameters parameters, InstantSource clock) {
    return withStaging(staging.stageParameters(ring, parameters, clock));
  }

  public Map<NodeId, RoleChange> stagedRoles() {
    return staging.roleChanges();
  }

  /** The parameters the next version of {@code ring} would be computed with. */
  public RingParameters stagedParameters(Ring ring) {
    return staging.parameters(ring).value();
  }

  /** Whether an apply would change anything: role changes, or parameters unlike the current. */
  public boolean hasStagedChanges() {
    if (!staging.roles().entries().isEmpty()) {
      return true;
    }
    for (Ring ring : Ring.values()) {
      if (!stagedParameters(ring).equals(current().parameters(ring))) {
        return true;
      }
    }
    return false;
  }

  /** The roles of the next version: the current ones with the staged changes applied. */
  public Map<NodeId, NodeRole> nextRoles() {
    Map<NodeId, NodeRole> roles = new TreeMap<>(current().roles());
    stagedRoles()
        .forEach(
            (node, change) -> {
              switch (change) {
                case RoleChange.Assign(NodeRole role) -> roles.put(node, role);
                case RoleChange.Remove() -> roles.remove(node);
              }
            });
    return roles;
  }

  /**
   * The version that applying the staged changes would create, with statistics against the current
   * one. The computation is deterministic, so the apply that follows creates this very version.
   *
   * @throws LayoutUpdateException when nothing is staged
   * @throws LayoutException when the staged layout cannot be computed (too few nodes or zones...)
   */
  public LayoutPreview preview() {
    if (!hasStagedChanges()) {
      throw new LayoutUpdateException(
          "there are no staged changes: stage role changes or ring parameters first");
    }
    LayoutVersion current = current();
    LayoutVersion next =
        LayoutComputer.computeVersion(
            current, nextRoles(), stagedParameters(Ring.METADATA), stagedParameters(Ring.BLOCK));
    Map<Ring, LayoutStatistics> statistics = new EnumMap<>(Ring.class);
    for (Ring ring : Ring.values()) {
      statistics.put(ring, LayoutStatistics.of(current.ring(ring), next.ring(ring), next.roles()));
    }
    return new LayoutPreview(next, statistics);
  }

  /** A history after an apply, and the version the apply created with its statistics. */
  public record Applied(LayoutHistory history, LayoutPreview change) {}

  /**
   * Computes the next version from the staged changes, makes it current, and clears the staging
   * (keeping the staged parameters, which are now in force). The previous versions stay active
   * until the nodes have synced to the new one.
   *
   * @param version the number the new version will have, which must be the current one + 1: a guard
   *     against applying changes staged by someone else, or twice
   * @throws LayoutUpdateException on a wrong version number, or when nothing is staged
   * @throws LayoutException when the staged layout cannot be computed
   */
  public Applied apply(long version, InstantSource clock) {
    long current = current().version();
    if (version != current + 1) {
      throw new LayoutUpdateException(
          "version %d cannot be applied: the current layout version is %d, so the next one is %d; apply with version %d"
              .formatted(version, current, current + 1, current + 1));
    }
    LayoutPreview change = preview();
    TreeMap<Long, LayoutVersion> more = new TreeMap<>(versions);
    more.put(version, change.version());
    // Version 0 holds nothing, so nothing has to be drained from it.
    long from = current == 0 ? version : activeFrom;
    LayoutStaging cleared =
        staging.clear(stagedParameters(Ring.METADATA), stagedParameters(Ring.BLOCK), clock);
    LayoutHistory applied = new LayoutHistory(more, from, trackers, cleared);
    return new Applied(applied.retireSyncedVersions(), change);
  }

  /** Drops every staged change; the staged parameters go back to those in force. */
  public LayoutHistory revert(InstantSource clock) {
    LayoutVersion current = current();
    return withStaging(staging.clear(current.metadata(), current.block(), clock));
  }

  // ---- Update trackers ----

  /**
   * {@code node}'s value of {@code tracker}. Nothing a node records can be below the oldest active
   * version, so a lower or missing value reads as that version (Garage clamps them up on every
   * change; reading with a floor is the same and keeps the merge a join).
   */
  public long tracker(Tracker tracker, NodeId node) {
    return Math.max(trackers.recorded(tracker, node).orElse(0), oldestActive());
  }

  /** The least value of {@code tracker} among {@code nodes}; the current version if none. */
  public long minAmong(Tracker tracker, Collection<NodeId> nodes) {
    return nodes.stream()
        .mapToLong(node -> tracker(tracker, node))
        .min()
        .orElse(current().version());
  }

  /** Every node with a role, gateways included, in some active version. */
  public Set<NodeId> activeNodes() {
    Set<NodeId> nodes = new TreeSet<>();
    for (LayoutVersion v : versions.tailMap(activeFrom, true).values()) {
      nodes.addAll(v.roles().keySet());
    }
    return nodes;
  }

  /**
   * The least {@code ack} among every node with a role in an active version, gateways included
   * (Garage's {@code ack_map_min}): every write still in flight anywhere includes this version's
   * write sets.
   */
  public long ackMin() {
    return minAmong(Tracker.ACK, activeNodes());
  }

  /**
   * The version reads are directed to, Garage's {@code sync_map_min} (garage-internals §2.4): the
   * newest version v such that, in every metadata partition of every older active version, at least
   * a write quorum of the partition's nodes has synced to v. A read quorum of v's nodes then meets
   * every write acknowledged under an older version. When a version's write quorum is all its
   * copies, no single node can be spared, so every storage node must have synced.
   *
   * @param writeQuorum the write quorum for a replication factor (a majority in consistent mode)
   */
  public long readVersion(IntUnaryOperator writeQuorum) {
    List<LayoutVersion> active = activeVersions();
    LayoutVersion current = current();
    if (active.size() == 1) {
      return current.version();
    }
    Set<NodeId> storage = new TreeSet<>();
    for (LayoutVersion v : active) {
      storage.addAll(v.metadataRing().nodes());
    }
    long globalMin = minAmong(Tracker.SYNC, storage);
    long readFrom = current.version();
    for (LayoutVersion v : active.subList(0, active.size() - 1)) {
      RingLayout ring = v.metadataRing();
      if (ring.isEmpty()) {
        continue;
      }
      int w = writeQuorum.applyAsInt(ring.replicationFactor());
      if (w >= ring.replicationFactor()) {
        return globalMin;
      }
      Set<List<NodeId>> seen = new HashSet<>();
      for (int p = 0; p < Partition.COUNT; p++) {
        List<NodeId> set = ring.nodesOf(p).stream().sorted().toList();
        if (!seen.add(set)) {
          continue;
        }
        long[] synced = set.stream().mapToLong(n -> tracker(Tracker.SYNC, n)).sorted().toArray();
        // The w-th largest value: w nodes of this set have synced to at least it.
        readFrom = Math.min(readFrom, synced[synced.length - w]);
        if (readFrom == globalMin) {
          return readFrom;
        }
      }
    }
    return readFrom;
  }

  /**
   * Advances the trackers of the node this replica runs on, Garage's {@code
   * update_update_trackers}: its {@code ack} to {@code ackable}, its {@code sync} to at least the
   * oldest active version (a node is trivially synced to the oldest version it still serves), and
   * its {@code syncAck} to the {@link #readVersion} it now reads from. A node without a role in any
   * active version takes part in no quorum and records nothing.
   *
   * @param ackable the oldest version a write still in flight on this node uses, or the current
   *     version when none does (Garage's {@code update_ack_to_max_free})
   */
  public LayoutHistory updateTrackersOf(NodeId self, long ackable, IntUnaryOperator writeQuorum) {
    return updateTrackersOf(self, ackable, 0, writeQuorum);
  }

  /**
   * {@link #updateTrackersOf(NodeId, long, IntUnaryOperator)}, also raising this node's {@code
   * sync} to {@code synced}: the version at whose {@link #ackMin} a full table sync of this node
   * started and then succeeded, so the node holds every write older versions' nodes took before the
   * newer version was acknowledged everywhere (Garage's {@code sync_until}).
   */
  public LayoutHistory updateTrackersOf(
      NodeId self, long ackable, long synced, IntUnaryOperator writeQuorum) {
    if (!activeNodes().contains(self)) {
      return this;
    }
    long newest = current().version();
    UpdateTrackers raised =
        trackers
            .raise(Tracker.ACK, self, Math.min(ackable, newest))
            .raise(Tracker.SYNC, self, Math.max(oldestActive(), Math.min(synced, newest)));
    LayoutHistory acked = new LayoutHistory(versions, activeFrom, raised, staging);
    UpdateTrackers withRead =
        acked.trackers.raise(Tracker.SYNC_ACK, self, acked.readVersion(writeQuorum));
    LayoutHistory next = new LayoutHistory(versions, activeFrom, withRead, staging);
    return next.retireSyncedVersions();
  }

  /**
   * What Garage's {@code skip-dead-nodes} does, for operators whose dead nodes block a layout
   * transition: raises to {@code version} the {@code ack} of every node of an active version that
   * {@code isUp} says is down (of every node with {@code allowMissingData}), and with {@code
   * allowMissingData} the {@code sync} of every node, accepting that writes only a dead node held
   * may be lost.
   *
   * @throws LayoutUpdateException when a single version is active, or {@code version} is not newer
   *     than the oldest active one nor at most the current one
   */
  public SkippedDeadNodes skipDeadNodes(
      long version, boolean allowMissingData, Predicate<NodeId> isUp) {
    if (activeVersions().size() == 1) {
      throw new LayoutUpdateException(
          "skip-dead-nodes only helps while several layout versions are active; only version "
              + current().version()
              + " is");
    }
    long oldest = oldestActive();
    long newest = current().version();
    if (version <= oldest || version > newest) {
      throw new LayoutUpdateException(
          "invalid version %d: give a version from %d to %d"
              .formatted(version, oldest + 1, newest));
    }
    List<NodeId> ackUpdated = new ArrayList<>();
    List<NodeId> syncUpdated = new ArrayList<>();
    UpdateTrackers next = trackers;
    for (NodeId node : activeNodes()) {
      if ((allowMissingData || !isUp.test(node)) && tracker(Tracker.ACK, node) < version) {
        next = next.raise(Tracker.ACK, node, version);
        ackUpdated.add(node);
      }
      if (allowMissingData && tracker(Tracker.SYNC, node) < version) {
        next = next.raise(Tracker.SYNC, node, version);
        syncUpdated.add(node);
      }
    }
    LayoutHistory updated = new LayoutHistory(versions, activeFrom, next, staging);
    return new SkippedDeadNodes(updated.retireSyncedVersions(), ackUpdated, syncUpdated);
  }

  /** A history after {@link #skipDeadNodes}, and whose trackers it raised. */
  public record SkippedDeadNodes(
      LayoutHistory history, List<NodeId> ackUpdated, List<NodeId> syncUpdated) {
    public SkippedDeadNodes {
      ackUpdated = List.copyOf(ackUpdated);
      syncUpdated = List.copyOf(syncUpdated);
    }

    public boolean changedSomething() {
      return !ackUpdated.isEmpty() || !syncUpdated.isEmpty();
    }
  }

  /** Merges tracker updates (from nodes, or skip-dead-nodes) and retires what they allow. */
  public LayoutHistory withTrackers(UpdateTrackers updates) {
    return new LayoutHistory(versions, activeFrom, trackers.merge(updates), staging)
        .retireSyncedVersions();
  }

  /**
   * Retires every version older than the one all nodes of the current version read from (the least
   * {@code syncAck} among them), as Garage's {@code cleanup_old_versions}: once every node reads
   * from version v or later, no read can reach an older version's nodes, and those versions need no
   * more writes.
   */
  public LayoutHistory retireSyncedVersions() {
    long readFrom = minAmong(Tracker.SYNC_ACK, current().roles().keySet());
    long from = Math.max(activeFrom, Math.min(readFrom, current().version()));
    return from == activeFrom ? this : new LayoutHistory(versions, from, trackers, staging);
  }

  // ---- Merge and digest ----

  /** The join of two replicas' histories; see the class note. */
  public LayoutHistory merge(LayoutHistory other) {
    TreeMap<Long, LayoutVersion> union = new TreeMap<>(versions);
    other.versions.forEach((number, version) -> union.merge(number, version, LayoutHistory::pick));
    return new LayoutHistory(
        union,
        Math.max(activeFrom, other.activeFrom),
        trackers.merge(other.trackers),
        staging.merge(other.staging));
  }

  /**
   * Merges a history received from another replica after checking every version it brings that this
   * one does not hold ({@link LayoutChecker#check(LayoutVersion)}), as Garage checks every layout
   * it is sent: an invalid version would decide where data goes, so the whole history is refused
   * and this replica keeps its own.
   *
   * @throws LayoutRejectedException listing the violations
   */
  public LayoutHistory mergeChecked(LayoutHistory received) {
    requireValid(received, versions);
    return merge(received);
  }

  /**
   * A history received by a replica that holds none yet, after checking every version in it.
   *
   * @throws LayoutRejectedException listing the violations
   */
  public static LayoutHistory checked(LayoutHistory received) {
    requireValid(received, Map.of());
    return received;
  }

  private static void requireValid(LayoutHistory received, Map<Long, LayoutVersion> known) {
    List<String> violations = new ArrayList<>();
    received.versions.forEach(
        (number, version) -> {
          if (!version.equals(known.get(number))) {
            violations.addAll(LayoutChecker.check(version));
          }
        });
    if (!violations.isEmpty()) {
      throw new LayoutRejectedException(violations);
    }
  }

  /** Version numbers under which the two histories hold different versions: never expected. */
  public List<Long> conflictingVersions(LayoutHistory other) {
    List<Long> conflicts = new ArrayList<>();
    versions.forEach(
        (number, version) -> {
          LayoutVersion theirs = other.versions.get(number);
          if (theirs != null && !theirs.equals(version)) {
            conflicts.add(number);
          }
        });
    return conflicts;
  }

  /** BLAKE2 of the encoding ({@link LayoutCodec}): replicas compare digests, not histories. */
  public Hash digest() {
    return LayoutCodec.digest(this);
  }

  private LayoutHistory withStaging(LayoutStaging next) {
    return new LayoutHistory(versions, activeFrom, trackers, next);
  }

  /** The number of the oldest active version (activeFrom itself unless a gap follows it). */
  private long oldestActive() {
    return versions.ceilingKey(activeFrom);
  }

  private static LayoutVersion pick(LayoutVersion a, LayoutVersion b) {
    if (a.equals(b)) {
      return a;
    }
    return LayoutCodec.digest(a).compareTo(LayoutCodec.digest(b)) <= 0 ? a : b;
  }

  /** The active versions, and the newest retired ones but version 0 (see the class note). */
  private static TreeMap<Long, LayoutVersion> retained(
      NavigableMap<Long, LayoutVersion> versions, long activeFrom) {
    TreeMap<Long, LayoutVersion> kept = new TreeMap<>(versions.tailMap(activeFrom, true));
    int retired = 0;
    for (LayoutVersion v : versions.headMap(activeFrom, false).descendingMap().values()) {
      if (retired == RETIRED_VERSIONS_KEPT || v.version() == 0) {
        break;
      }
      kept.put(v.version(), v);
      retired++;
    }
    return kept;
  }
}
