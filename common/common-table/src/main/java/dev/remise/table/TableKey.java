package dev.remise.table;

import dev.remise.core.Hash;

/** Local storage keys: {@code partition hash (32 bytes) ‖ sort key}. */
public final class TableKey {
  private TableKey() {}

  public static byte[] of(Hash partitionHash, byte[] sortKey) {
    byte[] key = new byte[Hash.LENGTH + sortKey.length];
    System.arraycopy(partitionHash.bytes(), 0, key, 0, Hash.LENGTH);
    System.arraycopy(sortKey, 0, key, Hash.LENGTH, sortKey.length);
    return key;
  }
}
