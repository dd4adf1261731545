package dev.remise.model.admin;

import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An S3 access key (Garage's key table): id {@code GK} + 24 hex digits, a 64-hex secret that never
 * changes, a name, the right to create buckets, its per-bucket permissions and its local bucket
 * aliases.
 */
public record AccessKey(
    String accessKeyId,
    boolean deleted,
    String secretKey,
    long created,
    Lww<String> name,
    Lww<Boolean> allowCreateBucket,
    NavigableMap<Uuid, BucketKeyPerm> authorizedBuckets,
    LwwMap<String, Optional<Uuid>> localAliases) {

  public AccessKey {
    authorizedBuckets = Collections.unmodifiableNavigableMap(new TreeMap<>(authorizedBuckets));
  }

  public static AccessKey create(
      String accessKeyId, String secretKey, String name, long now, boolean allowCreateBucket) {
    return new AccessKey(
        accessKeyId,
        false,
        secretKey,
        now,
        new Lww<>(now, name),
        new Lww<>(now, allowCreateBucket),
        new TreeMap<>(),
        LwwMap.empty());
  }

  public static AccessKey tombstone(String accessKeyId) {
    return new AccessKey(
        accessKeyId,
        true,
        "",
        0,
        new Lww<>(0, ""),
        new Lww<>(0, false),
        new TreeMap<>(),
        LwwMap.empty());
  }

  public BucketKeyPerm permission(Uuid bucketId) {
    return authorizedBuckets.getOrDefault(bucketId, BucketKeyPerm.NONE);
  }

  public AccessKey withPermission(Uuid bucketId, BucketKeyPerm perm) {
    TreeMap<Uuid, BucketKeyPerm> next = new TreeMap<>(authorizedBuckets);
    next.merge(bucketId, perm, BucketKeyPerm::merge);
    return new AccessKey(
        accessKeyId, deleted, secretKey, created, name, allowCreateBucket, next, localAliases);
  }

  public AccessKey withLocalAliases(LwwMap<String, Optional<Uuid>> aliases) {
    return new AccessKey(
        accessKeyId,
        deleted,
        secretKey,
        created,
        name,
        allowCreateBucket,
        authorizedBuckets,
        aliases);
  }

  public AccessKey merge(AccessKey o) {
    if (deleted || o.deleted) {
      return tombstone(accessKeyId);
    }
    TreeMap<Uuid, BucketKeyPerm> perms = new TreeMap<>(authorizedBuckets);
    o.authorizedBuckets.forEach((k, v) -> perms.merge(k, v, BucketKeyPerm::merge));
    return new AccessKey(
        accessKeyId,
        false,
        // The secret is set once at creation; the larger one wins only if two creators raced on one
        // id.
        secretKey.compareTo(o.secretKey) >= 0 ? secretKey : o.secretKey,
        Math.min(created, o.created),
        name.merge(o.name, (a, b) -> a.compareTo(b) >= 0 ? a : b),
        allowCreateBucket.merge(o.allowCreateBucket, Boolean::logicalOr),
        perms,
        localAliases.merge(o.localAliases, AccessKey::tieBreak));
  }

  private static Optional<Uuid> tieBreak(Optional<Uuid> a, Optional<Uuid> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}
