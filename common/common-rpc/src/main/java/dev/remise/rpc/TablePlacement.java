package dev.remise.rpc;

import dev.remise.core.NodeId;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import java.net.URI;
import java.util.Optional;

/**
 * What the {@link TableClient} needs from the cluster: the layout as reads and writes see it, and
 * where each metadata node answers. A node process places by its own {@link NodeLayout} ({@link
 * #of}); layout-admin by the history it keeps.
 */
public interface TablePlacement {

  /** The node this process runs as; reads ask it first when it holds the data. */
  Optional<NodeId> self();

  /**
   * The layout reads are placed by.
   *
   * @throws dev.remise.replication.NoStorageNodesException when no layout is known yet
   */
  LayoutView view();

  /**
   * The layout a write is placed by, with the ack lock it holds until it returns.
   *
   * @throws dev.remise.replication.NoStorageNodesException when no layout is known yet
   */
  PlacedWrite beginWrite();

  /** Where {@code node}'s metadata role answers, if known. */
  Optional<URI> address(NodeId node);

  /** Placement by a node's own layout copy, in {@code mode}. */
  static TablePlacement of(NodeLayout layout, ConsistencyMode mode) {
    return new TablePlacement() {
      @Override
      public Optional<NodeId> self() {
        return Optional.of(layout.self());
      }

      @Override
      public LayoutView view() {
        return layout.view(mode);
      }

      @Override
      public PlacedWrite beginWrite() {
        return layout.beginWrite(mode);
      }

      @Override
      public Optional<URI> address(NodeId node) {
        return layout.address(node, "metadata-node");
      }
    };
  }
}
