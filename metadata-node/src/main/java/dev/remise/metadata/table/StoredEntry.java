package dev.remise.metadata.table;

import java.util.Arrays;

/**
 * One entry as this node stores it: its storage key and its encoded bytes, what sync pushes and
 * offload deletes only if unchanged. Records compare arrays by identity, so equality is spelled
 * out.
 */
public record StoredEntry(byte[] key, byte[] value) {
  public StoredEntry {
    key = key.clone();
    value = value.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "StoredEntry[" + key.length + "-byte key, " + value.length + " bytes]";
  }
}
