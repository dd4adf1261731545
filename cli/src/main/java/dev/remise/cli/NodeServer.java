package dev.remise.cli;

import dev.remise.core.NodeId;
import dev.remise.rpc.NodeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One storage node of a multi-node cluster in this JVM: metadata-node, block-node, gateway-s3 and
 * gateway-k2v, each in its own Spring context, beating to a layout-admin running elsewhere ({@code
 * remise server --layout-admin URL}). The roles share the node's id and its one copy of the layout
 * ({@code <data dir>/cluster_layout}), as in the single-node server.
 */
final class NodeServer implements AutoCloseable {
  private final RunningRoles roles;
  private final NodeRoles config;

  private NodeServer(RunningRoles roles, NodeRoles config) {
    this.roles = roles;
    this.config = config;
  }

  /**
   * Starts the four roles, storage first.
   *
   * @param settings the node's settings; its {@code nodeId} is the one to run as (the caller reads
   *     or makes {@code <data dir>/node_id})
   */
  static NodeServer start(NodeRoles.Settings settings) {
    Path data = settings.dataDir().toAbsolutePath();
    NodeLayout layout;
    try {
      layout = NodeLayout.open(data, settings.nodeId());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the cluster layout copy in " + data, e);
    }
    NodeRoles config = new NodeRoles(settings, layout);
    return new NodeServer(
        RunningRoles.startStages(List.of(config.storage(), config.gateways())), config);
  }

  NodeRoles config() {
    return config;
  }

  NodeId nodeId() {
    return config.nodeId();
  }

  @Override
  public void close() {
    roles.close();
  }
}
