package dev.remise.rpc;

import dev.remise.core.NodeId;
import dev.remise.core.background.WorkerRunner;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A role's heartbeats to layout-admin, configured at start and started once the role's port is open
 * (its address is known only then: tests bind port 0). Without a layout-admin address it is {@link
 * #disabled()} and sends nothing, so a role started alone behaves as before. Each beat reports the
 * version of the role's {@link NodeLayout}, which the worker keeps up to date.
 */
public final class HeartbeatSender implements AutoCloseable {
  private final ClusterClient client;
  private final Duration interval;
  private final NodeId id;
  private final String role;
  private final Path dataDir;
  private final Path metaDir;
  private final NodeLayout layout;
  private WorkerRunner runner;

  private HeartbeatSender(
      ClusterClient client,
      Duration interval,
      NodeId id,
      String role,
      Path dataDir,
      Path metaDir,
      NodeLayout layout) {
    this.client = client;
    this.interval = interval;
    this.id = id;
    this.role = role;
    this.dataDir = dataDir;
    this.metaDir = metaDir;
    this.layout = layout;
  }

  public static HeartbeatSender disabled() {
    return new HeartbeatSender(null, null, null, null, null, null, null);
  }

  /**
   * @param dataDir the directory whose disk holds blocks, or null
   * @param metaDir the directory whose disk holds table entries, or null
   * @param layout the role's copy of the cluster layout
   */
  public static HeartbeatSender to(
      URI layoutAdmin,
      RpcAuth auth,
      Duration interval,
      NodeId id,
      String role,
      Path dataDir,
      Path metaDir,
      NodeLayout layout) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the heartbeat interval must be positive");
    }
    // One call must end well within a period, or a hung layout-admin would delay the next beat.
    ClusterClient client = ClusterClient.create(layoutAdmin, auth, interval);
    return new HeartbeatSender(client, interval, id, role, dataDir, metaDir, layout);
  }

  /**
   * The address a role announces when none is configured: this host's name and the port it opened.
   * Set the role's {@code advertised-address} when other machines reach it by another name.
   */
  public static URI localAddress(int port) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + host + ":" + port);
  }

  public boolean enabled() {
    return client != null;
  }

  /**
   * Starts beating from the role's main port once it is bound: announcing {@code advertised} when
   * the operator set one, else this host's name and {@code boundPort} (tests bind port 0).
   */
  public void startOnPort(URI advertised, int boundPort) {
    start(advertised != null ? advertised : localAddress(boundPort));
  }

  /** Starts beating now and every interval; the first call wins, later ones are ignored. */
  public synchronized void start(URI address) {
    if (client == null || runner != null) {
      return;
    }
    String addr = address.toString();
    HeartbeatWorker worker =
        new HeartbeatWorker(
            client,
            () ->
                Heartbeat.measure(id, role, addr, layout.currentVersion(), null, dataDir, metaDir),
            layout);
    runner = new WorkerRunner(worker, interval).start();
  }

  @Override
  public synchronized void close() {
    if (runner != null) {
      runner.close();
      runner = null;
    }
  }
}
