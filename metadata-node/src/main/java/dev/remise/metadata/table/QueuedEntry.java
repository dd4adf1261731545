package dev.remise.metadata.table;

import java.util.Arrays;

/**
 * One insert queue entry as read: its target table, its queue key and the encoded entry to insert.
 * Records compare arrays by identity, so equality is spelled out.
 */
record QueuedEntry(String target, byte[] key, byte[] value) {

  @Override
  public boolean equals(Object o) {
    return o instanceof QueuedEntry q
        && target.equals(q.target)
        && Arrays.equals(key, q.key)
        && Arrays.equals(value, q.value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * target.hashCode() + Arrays.hashCode(key)) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "QueuedEntry[" + target + ", " + value.length + " bytes]";
  }
}
