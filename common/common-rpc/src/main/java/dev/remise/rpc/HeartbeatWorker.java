package dev.remise.rpc;

import dev.remise.core.background.Worker;
import dev.remise.layout.LayoutHistory;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * Sends this role's {@link Heartbeat} to layout-admin once per run; run by a {@code WorkerRunner}
 * whose idle interval is the heartbeat period, so the first beat leaves at start. A failed beat is
 * logged at debug and the worker stays idle until the next period: layout-admin being down must
 * neither stop nor slow a node, and the data path never depends on it.
 *
 * <p>The reply carries the digest of layout-admin's layout history: when it differs from the node's
 * own ({@link NodeLayout}), the worker pulls the history and merges it in, so a node that missed a
 * push, or was down during an apply, catches up within one period (Garage pulls on a digest
 * mismatch in the same way). The next beat then reports the new version.
 *
 * <p>When the node's history, after merging layout-admin's, still differs from it, the node holds
 * something layout-admin lacks, and sends its history back: its own tracker progress in the steady
 * case, the whole history when layout-admin restarted without its disk. This is how layout-admin
 * collects the trackers and rebuilds its state from the nodes.
 */
public final class HeartbeatWorker implements Worker {
  private static final System.Logger LOG = System.getLogger(HeartbeatWorker.class.getName());

  private final ClusterClient client;
  private final Supplier<Heartbeat> heartbeat;
  private final NodeLayout layout;
  private volatile String status = "no heartbeat sent yet";

  /**
   * @param heartbeat called for every beat, so free space and layout version are current
   * @param layout the node's copy of the layout, brought up to date after each beat
   */
  public HeartbeatWorker(ClusterClient client, Supplier<Heartbeat> heartbeat, NodeLayout layout) {
    this.client = client;
    this.heartbeat = heartbeat;
    this.layout = layout;
  }

  @Override
  public String name() {
    return "heartbeat";
  }

  @Override
  public WorkerState work() {
    try {
      HeartbeatReply reply = client.heartbeat(heartbeat.get());
      if (layout.differsFrom(reply.layoutDigest())) {
        LayoutHistory theirs = client.layout();
        layout.merge(theirs);
        if (layout.differsFrom(theirs.digest().hex())) {
          layout.history().ifPresent(client::advertiseLayout);
        }
      }
      if (reply.peersDigest() != null && layout.peersDifferFrom(reply.peersDigest())) {
        layout.mergePeers(client.peers().peers());
      }
      status =
          "layout-admin at layout version "
              + reply.layoutVersion()
              + ", this node at "
              + layout.currentVersion();
    } catch (RuntimeException e) {
      // A failed pull is retried at the next beat too: the digests still differ then.
      status = "last heartbeat failed: " + e.getMessage();
      LOG.log(Level.DEBUG, "heartbeat to " + client.layoutAdmin() + " failed, will retry", e);
    }
    return WorkerState.IDLE;
  }

  @Override
  public String status() {
    return status;
  }
}
