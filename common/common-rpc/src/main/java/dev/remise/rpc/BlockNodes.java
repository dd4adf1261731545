package dev.remise.rpc;

import dev.remise.core.NodeId;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import java.net.URI;
import java.util.Optional;

/**
 * What {@link BlockClient} needs from the cluster: the layout, this node's id (reads ask it first)
 * and where each node's block role answers.
 */
public interface BlockNodes {

  /** The node this process runs as; empty for a process outside the layout. */
  Optional<NodeId> self();

  /**
   * The layout in the configured consistency mode.
   *
   * @throws dev.remise.replication.NoStorageNodesException when no layout is known yet
   */
  LayoutView view();

  /** Where {@code node}'s block role answers, if known. */
  Optional<URI> address(NodeId node);

  /** Placement by a node's own layout copy. */
  static BlockNodes of(NodeLayout layout, ConsistencyMode mode) {
    return new BlockNodes() {
      @Override
      public Optional<NodeId> self() {
        return Optional.of(layout.self());
      }

      @Override
      public LayoutView view() {
        return layout.view(mode);
      }

      @Override
      public Optional<URI> address(NodeId node) {
        return layout.address(node, "block-node");
      }
    };
  }
}
