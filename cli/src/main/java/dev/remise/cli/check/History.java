package dev.remise.cli.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The operations of a run, recorded by concurrent clients against one monotonic clock, so that
 * their intervals compare in real time. Times are offsets from the moment the history was created.
 */
public final class History {
  private final LongSupplier nanoTime;
  private final long origin;
  private final Collection<Operation> operations = new ConcurrentLinkedQueue<>();

  /**
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}), the only one every
   *     client of the run reads
   */
  public History(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
  }

  /** Nanoseconds since the history began. */
  public long now() {
    return nanoTime.getAsLong() - origin;
  }

  public void add(Operation operation) {
    operations.add(operation);
  }

  /** A snapshot of what was recorded so far, in no particular order. */
  public List<Operation> operations() {
    return new ArrayList<>(operations);
  }
}
