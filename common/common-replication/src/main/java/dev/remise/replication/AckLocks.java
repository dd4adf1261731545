package dev.remise.replication;

import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Garage's ack lock (garage-internals §2.2): every write takes its write sets from one layout
 * version and holds a {@link Guard} on that version until it returns. A node may acknowledge a
 * version ({@code ack} tracker) only when no write it still performs uses an older one, since such
 * a write may miss the newer version's nodes. {@link #ackable} gives the version the node may
 * acknowledge; when the last guard of a version older than the newest one in use is released, the
 * {@code onReleased} callback runs so the node can acknowledge again at once.
 */
public final class AckLocks {
  private final TreeMap<Long, Integer> held = new TreeMap<>();
  private final LongConsumer onReleased;

  /**
   * @param onReleased called, outside the lock, with the version whose last guard was released
   */
  public AckLocks(LongConsumer onReleased) {
    this.onReleased = onReleased;
  }

  /** A hold on {@code version} for the duration of one write; close it when the write returns. */
  public Guard acquire(long version) {
    synchronized (this) {
      held.merge(version, 1, Integer::sum);
    }
    return new Guard(version);
  }

  /**
   * The oldest version a write in flight still uses, or {@code current} when none does (Garage's
   * {@code update_ack_to_max_free}).
   */
  public synchronized long ackable(long current) {
    return held.isEmpty() ? current : Math.min(held.firstKey(), current);
  }

  /** Writes in flight, for metrics and tests. */
  public synchronized int inFlight() {
    return held.values().stream().mapToInt(Integer::intValue).sum();
  }

  private void release(long version) {
    boolean last;
    synchronized (this) {
      int left = held.merge(version, -1, Integer::sum);
      last = left == 0;
      if (last) {
        held.remove(version);
      }
    }
    if (last) {
      onReleased.accept(version);
    }
  }

  /** One write's hold on a version; closing it twice releases it once. */
  public final class Guard implements AutoCloseable {
    private final long version;
    private boolean closed;

    private Guard(long version) {
      this.version = version;
    }

    public long version() {
      return version;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(version);
    }
  }
}
