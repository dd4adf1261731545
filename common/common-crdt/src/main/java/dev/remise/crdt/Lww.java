package dev.remise.crdt;

import dev.remise.core.Timestamps;
import java.time.InstantSource;
import java.util.function.BinaryOperator;

/**
 * A last-writer-wins register: the higher timestamp wins; on equal timestamps the values are joined
 * by a deterministic tie-break, so replicas converge whatever order they merge in.
 */
public record Lww<T>(long timestamp, T value) {

  public static <T> Lww<T> of(T value, InstantSource clock) {
    return new Lww<>(clock.millis(), value);
  }

  /**
   * A new value that wins over this one even if the local clock is behind the writer of this one.
   */
  public Lww<T> update(T newValue, InstantSource clock) {
    return new Lww<>(Timestamps.next(timestamp, clock), newValue);
  }

  public Lww<T> merge(Lww<T> other, BinaryOperator<T> tieBreak) {
    if (other.timestamp > timestamp) {
      return other;
    }
    if (other.timestamp < timestamp) {
      return this;
    }
    return new Lww<>(timestamp, tieBreak.apply(value, other.value));
  }
}
