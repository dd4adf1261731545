package dev.remise.admin.access;

import dev.remise.core.Timestamps;
import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketKeyPerm;
import dev.remise.model.admin.BucketNames;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Bucket and permission operations of the admin API (Garage's bucket and permission endpoints).
 *
 * <p>Each fact is written on both sides, as in Garage: a permission on the bucket entry and on the
 * key entry, an alias on the bucket entry and in the bucket_alias table (or the key's local
 * aliases). Both copies get one timestamp, past both previous ones, so that whatever order the
 * replicas merge in, both sides settle on the same value. Writes go in an order that never leaves a
 * name pointing at a bucket that does not exist yet: the bucket first, then its names.
 *
 * <p>Like Garage without its per-node lock, two admins racing on the same alias can both pass the
 * existence check; the alias's last-writer-wins register then picks one bucket, and the other keeps
 * no global name. Serialising these writes is the layout-admin's job once it is one process per
 * cluster.
 */
public final class BucketAdmin {
  private final AdminTables tables;
  private final KeyAdmin keys;
  private final InstantSource clock;
  private final RandomGenerator random;

  /**
   * @param random the source of bucket ids: a {@code SecureRandom} outside tests.
   */
  public BucketAdmin(
      AdminTables tables, KeyAdmin keys, InstantSource clock, RandomGenerator random) {
    this.tables = tables;
    this.keys = keys;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A new bucket under a global alias, a local alias, both, or neither (then only its id names it).
   * Every check runs before the first write.
   */
  public BucketInfo createBucket(String globalAlias, LocalAliasRequest localAlias) {
    Optional<BucketAlias> previousAlias = Optional.empty();
    if (globalAlias != null) {
      requireValidName(globalAlias);
      if (tables.bucketByGlobalAlias(globalAlias).isPresent()) {
        throw new AdminException(
            AdminError.BUCKET_ALREADY_EXISTS, "Bucket already exists: " + globalAlias);
      }
      previousAlias = tables.alias(globalAlias);
    }
    AccessKey key = null;
    if (localAlias != null) {
      requireValidName(localAlias.alias());
      key = keys.existingKey(localAlias.accessKeyId());
      // A name left pointing at a deleted bucket may be taken again, like a global alias.
      Optional<Uuid> target = key.localAliases().get(localAlias.alias()).flatMap(t -> t);
      if (target.flatMap(tables::liveBucket).isPresent()) {
        throw new AdminException(
            AdminError.INVALID_REQUEST,
            "Local alias " + localAlias.alias() + " of key " + key.accessKeyId() + " exists");
      }
    }

    Uuid id = Uuid.random(random);
    Bucket bucket = Bucket.create(id, clock.millis());
    BucketAlias aliasEntry = null;
    if (globalAlias != null) {
      long ts = Timestamps.next(previousAlias.map(a -> a.bucketId().timestamp()).orElse(0L), clock);
      bucket = bucket.withGlobalAliases(with(bucket.globalAliases(), globalAlias, ts, true));
      aliasEntry = new BucketAlias(globalAlias, new Lww<>(ts, Optional.of(id)));
    }
    if (key != null) {
      String name = localAlias.alias();
      Lww<Optional<Uuid>> previous = key.localAliases().entries().get(name);
      long ts = Timestamps.next(previous == null ? 0 : previous.timestamp(), clock);
      bucket =
          bucket.withLocalAliases(
              with(
                  bucket.localAliases(), new Bucket.LocalAlias(key.accessKeyId(), name), ts, true));
      key = key.withLocalAliases(with(key.localAliases(), name, ts, Optional.of(id)));
      Permissions allow = localAlias.allow() == null ? Permissions.NONE : localAlias.allow();
      if (allow.any()) {
        // A fresh id: neither side holds an older permission to order after.
        BucketKeyPerm perm =
            new BucketKeyPerm(clock.millis(), allow.read(), allow.write(), allow.owner());
        bucket = bucket.withPermission(key.accessKeyId(), perm);
        key = key.withPermission(id, perm);
      }
    }

    tables.put(bucket);
    if (aliasEntry != null) {
      tables.put(aliasEntry);
    }
    if (key != null) {
      tables.put(key);
    }
    return bucketInfo(id);
  }

  public List<Bucket> listBuckets() {
    return tables.liveBuckets();
  }

  public Bucket existingBucket(Uuid id) {
    return tables
        .liveBucket(id)
        .orElseThrow(
            () -> new AdminException(AdminError.NO_SUCH_BUCKET, "Bucket not found: " + id.hex()));
  }

  /** The bucket with the keys that hold a permission on it, and its counters. */
  public BucketInfo bucketInfo(Uuid id) {
    Bucket bucket = existingBucket(id);
    TreeSet<String> candidates = new TreeSet<>(bucket.authorizedKeys().keySet());
    bucket.localAliases().entries().keySet().forEach(a -> candidates.add(a.accessKeyId()));
    List<AccessKey> withPermission =
        candidates.stream()
            .map(tables::liveKey)
            .flatMap(Optional::stream)
            .filter(k -> k.permission(id).any())
            .toList();
    return new BucketInfo(bucket, withPermission, tables.counters(id));
  }

  public Uuid bucketIdByGlobalAlias(String alias) {
    return tables
        .bucketByGlobalAlias(alias)
        .map(Bucket::id)
        .orElseThrow(
            () -> new AdminException(AdminError.NO_SUCH_BUCKET, "Bucket not found: " + alias));
  }

  /**
   * Garage's search: a global alias, else a prefix (at least two hex digits) of exactly one bucket
   * id.
   */
  public Uuid searchBucket(String search) {
    Optional<Bucket> byAlias = tables.bucketByGlobalAlias(search);
    if (byAlias.isPresent()) {
      return byAlias.get().id();
    }
    List<Uuid> matches =
        search.length() < 2
            ? List.of()
            : tables.liveBuckets().stream()
                .map(Bucket::id)
                .filter(id -> id.hex().startsWith(search))
                .toList();
    return switch (matches.size()) {
      case 0 -> throw new AdminException(AdminError.NO_SUCH_BUCKET, "Bucket not found: " + search);
      case 1 -> matches.getFirst();
      default ->
          throw new AdminException(
              AdminError.INVALID_REQUEST, "Several buckets match \"" + search + "\"");
    };
  }

  /** AllowBucketKey: sets the flags that are true, keeps the others. */
  public BucketInfo allowBucketKey(Uuid bucketId, String accessKeyId, Permissions flags) {
    return changePermission(bucketId, accessKeyId, flags, true);
  }

  /** DenyBucketKey: clears the flags that are true, keeps the others. */
  public BucketInfo denyBucketKey(Uuid bucketId, String accessKeyId, Permissions flags) {
    return changePermission(bucketId, accessKeyId, flags, false);
  }

  /**
   * The new permission starts from the bucket's copy (Garage's choice) and is stamped past both
   * copies: a revocation must win even over a grant this node's clock would order after it.
   */
  private BucketInfo changePermission(
      Uuid bucketId, String accessKeyId, Permissions flags, boolean value) {
    Bucket bucket = existingBucket(bucketId);
    AccessKey key = keys.existingKey(accessKeyId);
    BucketKeyPerm onBucket = bucket.permission(key.accessKeyId());
    BucketKeyPerm onKey = key.permission(bucketId);
    long ts = Timestamps.next(Math.max(onBucket.timestamp(), onKey.timestamp()), clock);
    BucketKeyPerm perm =
        new BucketKeyPerm(
            ts,
            flags.read() ? value : onBucket.read(),
            flags.write() ? value : onBucket.write(),
            flags.owner() ? value : onBucket.owner());
    tables.put(bucket.withPermission(key.accessKeyId(), perm));
    tables.put(key.withPermission(bucketId, perm));
    return bucketInfo(bucketId);
  }

  /** Bucket ids travel as 64 hex digits. */
  public static Uuid parseBucketId(String hex) {
    if (hex == null || hex.length() != 64) {
      throw new AdminException(AdminError.INVALID_REQUEST, "Invalid bucket id: " + hex);
    }
    try {
      return new Uuid(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new AdminException(AdminError.INVALID_REQUEST, "Invalid bucket id: " + hex);
    }
  }

  private static void requireValidName(String name) {
    if (!BucketNames.isValid(name)) {
      throw new AdminException(
          AdminError.INVALID_REQUEST,
          name
              + ": invalid bucket name (3 to 63 characters of a-z, 0-9, '.' and '-', see AWS's"
              + " bucket naming rules)");
    }
  }

  /** {@code map} with {@code key} set to {@code value} at exactly {@code ts}. */
  private static <K, V> LwwMap<K, V> with(LwwMap<K, V> map, K key, long ts, V value) {
    TreeMap<K, Lww<V>> entries = new TreeMap<>(map.entries());
    entries.put(key, new Lww<>(ts, value));
    return new LwwMap<>(entries);
  }
}
