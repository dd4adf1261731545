package dev.remise.testkit;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real layout histories for tests of the replicated tables: storage nodes of equal capacity, each
 * in a zone of its own, computed by the same {@link LayoutHistory} code layout-admin runs.
 */
public final class TestLayouts {
  private static final long TB = 1_000_000_000_000L;
  private static final AtomicLong NOW = new AtomicLong(1_700_000_000_000L);
  private static final InstantSource CLOCK = () -> Instant.ofEpochMilli(NOW.incrementAndGet());

  private TestLayouts() {}

  /** Version 1: {@code nodes} serving both rings with {@code replicationFactor} copies. */
  public static LayoutHistory storage(List<NodeId> nodes, int replicationFactor) {
    RingParameters p = new RingParameters(replicationFactor, ZoneRedundancy.atLeast(1));
    return change(LayoutHistory.initial(p, p), nodes, List.of());
  }

  /**
   * The next version: {@code added} join (each in a new zone), {@code removed} leave. The previous
   * versions stay active until the trackers retire them, as in a real cluster.
   */
  public static LayoutHistory change(
      LayoutHistory history, List<NodeId> added, List<NodeId> removed) {
    Map<NodeId, RoleChange> changes = new LinkedHashMap<>();
    for (NodeId n : added) {
      changes.put(n, RoleChange.assign(NodeRole.storage("zone-" + n.hex().substring(56), TB)));
    }
    for (NodeId n : removed) {
      changes.put(n, RoleChange.remove());
    }
    LayoutHistory staged = history.stage(changes, CLOCK);
    return staged.apply(history.current().version() + 1, CLOCK).history();
  }
}
