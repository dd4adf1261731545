package dev.remise.admin.cluster;

import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutHistory;
import dev.remise.rpc.LayoutRpc;
import java.net.URI;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes each new layout history to every storage role heard from ({@link
 * NodeRegistry#internalAddresses()}), as Garage broadcasts {@code AdvertiseClusterLayout} after a
 * change, so an apply reaches the nodes at once rather than at their next heartbeat. Best effort
 * and in the background: the admin call that changed the layout does not wait for the nodes, and a
 * node that misses the push pulls the history after its next heartbeat, whose digest then differs.
 */
public final class LayoutPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(LayoutPublisher.class);

  private final NodeRegistry registry;
  private final LayoutRpc rpc;
  private final Executor executor;

  /**
   * @param executor runs one push per node; virtual threads, so a slow node holds nothing back
   */
  public LayoutPublisher(NodeRegistry registry, LayoutRpc rpc, Executor executor) {
    this.registry = registry;
    this.rpc = rpc;
    this.executor = executor;
  }

  public void publish(LayoutHistory history) {
    byte[] encoded = LayoutCodec.encode(history);
    for (URI node : registry.internalAddresses()) {
      executor.execute(() -> push(node, encoded, history.current().version()));
    }
  }

  private void push(URI node, byte[] encoded, long version) {
    try {
      rpc.advertiseClusterLayout(node, encoded);
    } catch (RuntimeException e) {
      LOG.debug(
          "layout version {} not pushed to {}, it will pull: {}", version, node, e.toString());
    }
  }
}
