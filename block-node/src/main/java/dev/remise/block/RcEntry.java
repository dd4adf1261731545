package dev.remise.block;

import java.nio.ByteBuffer;

/**
 * The local reference count of one block (Garage's {@code rc.rs}), stored in column family {@code
 * block_local_rc} under the block hash.
 *
 * <p>Encodings as Garage's: {@link Present} is the count as 8 bytes big-endian; {@link Deletable}
 * is 16 bytes, a zero count then the deletion time in epoch milliseconds; {@link Absent} is no
 * entry at all. A count that falls to zero does not delete the block at once: it becomes {@link
 * Deletable} at {@code now + block GC delay}, so a reference racing the last dereference (a copy, a
 * retried upload) still finds the block.
 */
public sealed interface RcEntry {
  RcEntry ABSENT = new Absent();

  /** No reference ever counted, or the block was collected. */
  record Absent() implements RcEntry {}

  /** Referenced by {@code count} live block_ref entries. */
  record Present(long count) implements RcEntry {
    public Present {
      if (count <= 0) {
        throw new IllegalArgumentException("a present reference count is positive: " + count);
      }
    }

    byte[] encode() {
      return ByteBuffer.allocate(8).putLong(count).array();
    }
  }

  /** Unreferenced; may be deleted from {@code atMillis} on. */
  record Deletable(long atMillis) implements RcEntry {
    byte[] encode() {
      return ByteBuffer.allocate(16).putLong(0).putLong(atMillis).array();
    }
  }

  /** Decodes a stored value; {@code null} (no entry) is {@link Absent}. */
  static RcEntry decode(byte[] value) {
    if (value == null) {
      return ABSENT;
    }
    ByteBuffer b = ByteBuffer.wrap(value);
    if (value.length == 8 && b.getLong(0) > 0) {
      return new Present(b.getLong(0));
    }
    if (value.length == 16 && b.getLong(0) == 0) {
      return new Deletable(b.getLong(8));
    }
    throw new IllegalStateException(
        "corrupt block_local_rc value of " + value.length + " bytes in the metadata db");
  }

  /** A block_ref became live. */
  default RcEntry increment() {
    return switch (this) {
      case Present p -> new Present(p.count() + 1);
      case Deletable d -> new Present(1);
      case Absent a -> new Present(1);
    };
  }

  /**
   * A block_ref stopped being live. A count already at zero stays as it is: a decrement without a
   * matching increment (a stale count) must not postpone or cancel a pending deletion.
   */
  default RcEntry decrement(long deletableAtMillis) {
    return switch (this) {
      case Present p when p.count() == 1 -> new Deletable(deletableAtMillis);
      case Present p -> new Present(p.count() - 1);
      case Deletable d -> d;
      case Absent a -> a;
    };
  }

  /** Garage's {@code is_needed}: referenced, or unreferenced for less than the GC delay. */
  default boolean isNeeded(long nowMillis) {
    return switch (this) {
      case Present p -> true;
      case Deletable d -> nowMillis < d.atMillis();
      case Absent a -> false;
    };
  }

  default boolean isDeletable() {
    return this instanceof Deletable;
  }

  /** The number of live references (zero unless {@link Present}). */
  default long count() {
    return this instanceof Present p ? p.count() : 0;
  }
}
