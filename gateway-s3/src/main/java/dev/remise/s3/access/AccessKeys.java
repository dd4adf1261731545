package dev.remise.s3.access;

import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.KeyTable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Looks up access keys in the key table (a full-copy table), through the {@link AccessCache}.
 * Deleted keys do not exist for S3.
 */
public final class AccessKeys {
  private final AccessCache cache;

  public AccessKeys(AccessCache cache) {
    this.cache = cache;
  }

  public Optional<AccessKey> find(String accessKeyId) {
    if (!plausible(accessKeyId)) {
      return Optional.empty();
    }
    return cache.get(KeyTable.INSTANCE, sortKey(accessKeyId)).filter(k -> !k.deleted());
  }

  /** The key as a quorum holds it now: what a request is checked against before it is denied. */
  public Optional<AccessKey> findFresh(String accessKeyId) {
    if (!plausible(accessKeyId)) {
      return Optional.empty();
    }
    return cache.getFresh(KeyTable.INSTANCE, sortKey(accessKeyId)).filter(k -> !k.deleted());
  }

  private static boolean plausible(String accessKeyId) {
    return accessKeyId != null && !accessKeyId.isEmpty() && accessKeyId.length() <= 128;
  }

  private static byte[] sortKey(String accessKeyId) {
    return accessKeyId.getBytes(StandardCharsets.UTF_8);
  }
}
