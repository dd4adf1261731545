package dev.remise.admin.metadata;

import dev.remise.admin.cluster.NodeRegistry;
import dev.remise.admin.layout.LayoutService;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.rpc.PlacedWrite;
import dev.remise.rpc.TablePlacement;
import java.net.URI;
import java.util.Optional;

/**
 * Placement of layout-admin's own table calls (buckets, keys, aliases): by the history it keeps,
 * which is the newest there is since layout-admin applies every version, at the addresses the
 * nodes' heartbeats gave.
 *
 * <p>Layout-admin is in no tracker, so it holds no ack lock: a version applied while one of its
 * writes is in flight is acknowledged by the nodes regardless. The table client covers that case by
 * writing again under the newer version ({@link PlacedWrite#unlocked}).
 */
public final class AdminTablePlacement implements TablePlacement {
  private final LayoutService layouts;
  private final NodeRegistry registry;
  private final ConsistencyMode mode;
  private LayoutHistory viewed;
  private LayoutView view;

  public AdminTablePlacement(LayoutService layouts, NodeRegistry registry, ConsistencyMode mode) {
    this.layouts = layouts;
    this.registry = registry;
    this.mode = mode;
  }

  @Override
  public Optional<NodeId> self() {
    return Optional.empty();
  }

  /** Computed once per history: the read version scans every partition. */
  @Override
  public synchronized LayoutView view() {
    LayoutHistory history = layouts.history();
    if (history != viewed) {
      view = LayoutView.of(history, mode);
      viewed = history;
    }
    return view;
  }

  @Override
  public PlacedWrite beginWrite() {
    return PlacedWrite.unlocked(view());
  }

  @Override
  public Optional<URI> address(NodeId node) {
    return registry.address(node, "metadata-node");
  }
}
