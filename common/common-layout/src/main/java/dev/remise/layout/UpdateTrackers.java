package dev.remise.layout;

import dev.remise.core.NodeId;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Garage's three update trackers, the per-node progress through layout versions that decides when
 * an old version may stop receiving writes (garage-internals §2.2):
 *
 * <ul>
 *   <li>{@code ack[n] = v}: node n knows version v and no write it still performs ignores v;
 *   <li>{@code sync[n] = v}: node n finished a full sync of its tables started after every node
 *       acknowledged v;
 *   <li>{@code syncAck[n] = v}: node n saw every node synced to v, so it now reads from v.
 * </ul>
 *
 * Each value only ever grows, so each map is a grow-only map of max-registers: the merge takes the
 * larger value per node, and is commutative, associative and idempotent. A node absent from a map
 * has made no progress this map records; {@link LayoutHistory#tracker} reads it as the oldest
 * active version, which is Garage's clamping of every tracker up to its {@code min_stored}.
 */
public record UpdateTrackers(
    NavigableMap<NodeId, Long> ack,
    NavigableMap<NodeId, Long> sync,
    NavigableMap<NodeId, Long> syncAck) {

  /**
   * The three trackers, named as in Garage's admin API ({@code ack}, {@code sync}, {@code
   * syncAck}).
   */
  public enum Tracker {
    ACK,
    SYNC,
    SYNC_ACK
  }

  private static final UpdateTrackers EMPTY =
      new UpdateTrackers(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

  public UpdateTrackers {
    ack = frozen(ack);
    sync = frozen(sync);
    syncAck = frozen(syncAck);
  }

  public static UpdateTrackers empty() {
    return EMPTY;
  }

  public NavigableMap<NodeId, Long> map(Tracker tracker) {
    return switch (tracker) {
      case ACK -> ack;
      case SYNC -> sync;
      case SYNC_ACK -> syncAck;
    };
  }

  /** What {@code node} recorded in {@code tracker}, if anything. */
  public OptionalLong recorded(Tracker tracker, NodeId node) {
    Long v = map(tracker).get(node);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /**
   * Raises {@code node}'s {@code tracker} to at least {@code version}; a lower value changes
   * nothing, since progress is never undone.
   */
  public UpdateTrackers raise(Tracker tracker, NodeId node, long version) {
    return raise(tracker, List.of(node), version);
  }

  /**
   * Raises {@code tracker} of every node in {@code nodes} to at least {@code version}: what
   * skip-dead-nodes does for nodes that will never report (their ack), or for everyone when missing
   * data is accepted (their sync).
   */
  public UpdateTrackers raise(Tracker tracker, Collection<NodeId> nodes, long version) {
    if (version < 0) {
      throw new IllegalArgumentException("layout versions are not negative: " + version);
    }
    TreeMap<NodeId, Long> raised = new TreeMap<>(map(tracker));
    for (NodeId node : nodes) {
      raised.merge(node, version, Math::max);
    }
    return with(tracker, raised);
  }

  /** Per node and tracker, the larger value: the join of the three max-register maps. */
  public UpdateTrackers merge(UpdateTrackers other) {
    return new UpdateTrackers(
        maxMerge(ack, other.ack), maxMerge(sync, other.sync), maxMerge(syncAck, other.syncAck));
  }

  private UpdateTrackers with(Tracker tracker, NavigableMap<NodeId, Long> values) {
    return switch (tracker) {
      case ACK -> new UpdateTrackers(values, sync, syncAck);
      case SYNC -> new UpdateTrackers(ack, values, syncAck);
      case SYNC_ACK -> new UpdateTrackers(ack, sync, values);
    };
  }

  private static NavigableMap<NodeId, Long> maxMerge(Map<NodeId, Long> a, Map<NodeId, Long> b) {
    TreeMap<NodeId, Long> merged = new TreeMap<>(a);
    b.forEach((node, v) -> merged.merge(node, v, Math::max));
    return merged;
  }

  private static NavigableMap<NodeId, Long> frozen(Map<NodeId, Long> values) {
    TreeMap<NodeId, Long> copy = new TreeMap<>(values);
    copy.values()
        .forEach(
            v -> {
              if (v < 0) {
                throw new IllegalArgumentException("layout versions are not negative: " + v);
              }
            });
    return Collections.unmodifiableNavigableMap(copy);
  }
}
