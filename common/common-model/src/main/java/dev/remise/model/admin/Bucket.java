package dev.remise.model.admin;

import dev.remise.core.Uuid;
import dev.remise.crdt.LwwMap;
import java.util.Collections;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A bucket (Garage's bucket table, keyed by its random id). Names are aliases that point at the id:
 * global ones (also in the bucket_alias table) and local ones visible to one access key.
 * Permissions are stored on both the bucket and the key so either side can be listed without a
 * scan. Deletion is final and forgets the parameters.
 */
public record Bucket(
    Uuid id,
    boolean deleted,
    long creationDate,
    NavigableMap<String, BucketKeyPerm> authorizedKeys,
    LwwMap<String, Boolean> globalAliases,
    LwwMap<LocalAlias, Boolean> localAliases) {

  public static final Comparator<LocalAlias> LOCAL_ALIAS_ORDER =
      Comparator.comparing(LocalAlias::accessKeyId).thenComparing(LocalAlias::alias);

  public Bucket {
    authorizedKeys = Collections.unmodifiableNavigableMap(new TreeMap<>(authorizedKeys));
  }

  public static Bucket create(Uuid id, long creationDate) {
    return new Bucket(
        id, false, creationDate, new TreeMap<>(), LwwMap.empty(), LwwMap.empty(LOCAL_ALIAS_ORDER));
  }

  public static Bucket tombstone(Uuid id) {
    return new Bucket(
        id, true, 0, new TreeMap<>(), LwwMap.empty(), LwwMap.empty(LOCAL_ALIAS_ORDER));
  }

  public BucketKeyPerm permission(String accessKeyId) {
    return authorizedKeys.getOrDefault(accessKeyId, BucketKeyPerm.NONE);
  }

  public Bucket withPermission(String accessKeyId, BucketKeyPerm perm) {
    TreeMap<String, BucketKeyPerm> next = new TreeMap<>(authorizedKeys);
    next.merge(accessKeyId, perm, BucketKeyPerm::merge);
    return new Bucket(id, deleted, creationDate, next, globalAliases, localAliases);
  }

  public Bucket withGlobalAliases(LwwMap<String, Boolean> aliases) {
    return new Bucket(id, deleted, creationDate, authorizedKeys, aliases, localAliases);
  }

  public Bucket withLocalAliases(LwwMap<LocalAlias, Boolean> aliases) {
    return new Bucket(id, deleted, creationDate, authorizedKeys, globalAliases, aliases);
  }

  public Bucket merge(Bucket o) {
    if (deleted || o.deleted) {
      return tombstone(id);
    }
    TreeMap<String, BucketKeyPerm> perms = new TreeMap<>(authorizedKeys);
    o.authorizedKeys.forEach((k, v) -> perms.merge(k, v, BucketKeyPerm::merge));
    return new Bucket(
        id,
        false,
        Math.min(creationDate, o.creationDate),
        perms,
        globalAliases.merge(o.globalAliases, Boolean::logicalOr),
        localAliases.merge(o.localAliases, Boolean::logicalOr));
  }

  public record LocalAlias(String accessKeyId, String alias) {}
}
