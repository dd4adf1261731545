package dev.remise.replication;

import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutVersion;
import java.util.List;

/**
 * A layout history seen through one consistency mode: which versions writes go to and which one
 * reads come from (garage-internals §2.3–2.4). Immutable, and computed once per history, since the
 * read version scans the partitions of every older version.
 *
 * <p>In {@code consistent} mode writes go to every active version and reads to the version the sync
 * trackers allow. The other modes give up read-after-write anyway, so they keep only the current
 * version, as Garage does.
 */
public final class LayoutView {
  private final LayoutHistory history;
  private final ConsistencyMode mode;
  private final List<LayoutVersion> writeVersions;
  private final LayoutVersion readVersion;

  private LayoutView(LayoutHistory history, ConsistencyMode mode) {
    this.history = history;
    this.mode = mode;
    if (mode.followsLayoutTransitions()) {
      this.writeVersions = history.activeVersions();
      long read = history.readVersion(mode::writeQuorum);
      this.readVersion = history.version(read).orElse(history.current());
    } else {
      this.writeVersions = List.of(history.current());
      this.readVersion = history.current();
    }
  }

  public static LayoutView of(LayoutHistory history, ConsistencyMode mode) {
    return new LayoutView(history, mode);
  }

  public LayoutHistory history() {
    return history;
  }

  public ConsistencyMode mode() {
    return mode;
  }

  /** The versions every write reaches a quorum in, oldest first. */
  public List<LayoutVersion> writeVersions() {
    return writeVersions;
  }

  /** The version reads are directed to. */
  public LayoutVersion readVersion() {
    return readVersion;
  }

  /** The newest version: the one a write's ack lock is taken on. */
  public long currentVersion() {
    return history.current().version();
  }
}
