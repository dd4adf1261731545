package dev.remise.model.admin;

import dev.remise.core.Hash;

/**
 * Buckets, keys and aliases live in full-copy tables: one empty partition key for every entry (as
 * Garage's EmptyKey), so the whole table is one sorted range that every metadata node holds.
 */
public final class FullCopyKeys {
  public static final Hash PARTITION = new Hash(new byte[Hash.LENGTH]);

  private FullCopyKeys() {}
}
