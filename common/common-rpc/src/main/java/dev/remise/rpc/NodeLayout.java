package dev.remise.rpc;

import dev.remise.layout.LayoutFile;
import dev.remise.layout.LayoutHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A node's own copy of the cluster layout: the last {@link LayoutHistory} it received from
 * layout-admin, pulled after a heartbeat whose digest differs ({@link HeartbeatWorker}) or pushed
 * to it. Every copy received is merged into the one held ({@link LayoutHistory#merge}), never
 * swapped in, so a stale or reordered delivery cannot take the node back (Garage §1.6). Each change
 * is written to {@code <dir>/cluster_layout} ({@link LayoutFile}: temporary file, fsync, rename)
 * before it becomes visible, and the file is read at start, so a node restarted while layout-admin
 * is down still knows the layout it had.
 *
 * <p>A node that never heard from layout-admin holds no history and reports version 0.
 */
public final class NodeLayout {
  private static final System.Logger LOG = System.getLogger(NodeLayout.class.getName());

  private final LayoutFile file;
  private LayoutHistory history;
  private String digest;

  private NodeLayout(LayoutFile file, LayoutHistory history) {
    this.file = file;
    this.history = history;
    this.digest = history == null ? null : history.digest().hex();
  }

  /**
   * Loads the history kept in {@code dir}, or none on a node's first start.
   *
   * @throws IllegalStateException when the file is not a layout history: the node stops rather than
   *     start without the layout it had
   */
  public static NodeLayout open(Path dir) throws IOException {
    LayoutFile file = new LayoutFile(dir);
    return new NodeLayout(file, file.load().orElse(null));
  }

  public synchronized Optional<LayoutHistory> history() {
    return Optional.ofNullable(history);
  }

  /** The current version of the history held, 0 before the first one arrives. */
  public synchronized long currentVersion() {
    return history == null ? 0 : history.current().version();
  }

  /**
   * Whether layout-admin's history, known by its digest, may hold something this copy lacks. Equal
   * digests mean equal histories, so a steady cluster pulls nothing.
   */
  public synchronized boolean differsFrom(String layoutDigest) {
    return !layoutDigest.equals(digest);
  }

  /**
   * Merges a received history into the one held and persists the result before publishing it.
   *
   * @return true when the held history changed
   * @throws UncheckedIOException when the file cannot be written; the held history is then
   *     unchanged
   */
  public synchronized boolean merge(LayoutHistory received) {
    LayoutHistory next = history == null ? received : history.merge(received);
    String nextDigest = next.digest().hex();
    if (nextDigest.equals(digest)) {
      return false;
    }
    try {
      file.save(next);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the layout history to " + file.path(), e);
    }
    long before = currentVersion();
    history = next;
    digest = nextDigest;
    if (next.current().version() != before) {
      LOG.log(Level.INFO, "cluster layout version {0} (was {1})", next.current().version(), before);
    }
    return true;
  }
}
