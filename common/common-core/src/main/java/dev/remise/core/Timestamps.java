package dev.remise.core;

import java.time.InstantSource;

/**
 * Timestamps of last-writer-wins values: wall-clock milliseconds, bumped past anything already
 * seen.
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * Garage's {@code max(previous + 1, now)}: a new version must sort after every version the writer
   * saw, even if this node's clock is behind the one that wrote them; otherwise the object merge
   * would silently shadow it.
   */
  public static long next(long previous, InstantSource clock) {
    return Math.max(previous + 1, clock.millis());
  }
}
