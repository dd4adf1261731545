package dev.remise.rpc;

import dev.remise.core.background.Worker;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * Sends this role's {@link Heartbeat} to layout-admin once per run; run by a {@code WorkerRunner}
 * whose idle interval is the heartbeat period, so the first beat leaves at start. A failed beat is
 * logged at debug and the worker stays idle until the next period: layout-admin being down must
 * neither stop nor slow a node, and the data path never depends on it.
 */
public final class HeartbeatWorker implements Worker {
  private static final System.Logger LOG = System.getLogger(HeartbeatWorker.class.getName());

  private final ClusterClient client;
  private final Supplier<Heartbeat> heartbeat;
  private volatile String status = "no heartbeat sent yet";

  /**
   * @param heartbeat called for every beat, so free space and layout version are current
   */
  public HeartbeatWorker(ClusterClient client, Supplier<Heartbeat> heartbeat) {
    this.client = client;
    this.heartbeat = heartbeat;
  }

  @Override
  public String name() {
    return "heartbeat";
  }

  @Override
  public WorkerState work() {
    try {
      HeartbeatReply reply = client.heartbeat(heartbeat.get());
      status = "layout-admin at layout version " + reply.layoutVersion();
    } catch (RuntimeException e) {
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
