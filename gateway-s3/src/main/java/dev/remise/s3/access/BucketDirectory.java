package dev.remise.s3.access;

import dev.remise.core.Timestamps;
import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketKeyPerm;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.rpc.TableClient;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bucket names as S3 sees them. A name resolves first through the calling key's local aliases, then
 * through the global aliases (Garage's order), to a bucket id; the key's permission on that id
 * decides what it may do. S3 CreateBucket makes a global alias, so names are unique cluster-wide as
 * on AWS.
 */
public final class BucketDirectory {
  private final TableClient tables;
  private final AccessCache cache;
  private final AccessKeys keys;
  private final InstantSource clock;

  public BucketDirectory(
      TableClient tables, AccessCache cache, AccessKeys keys, InstantSource clock) {
    this.tables = tables;
    this.cache = cache;
    this.keys = keys;
    this.clock = clock;
  }

  public Optional<Uuid> resolve(String name, AccessKey key) {
    return resolve(name, key, false);
  }

  private Optional<Uuid> resolve(String name, AccessKey key, boolean fresh) {
    Optional<Optional<Uuid>> local = key.localAliases().get(name);
    if (local.isPresent()) {
      return local.get();
    }
    return alias(name, fresh).flatMap(BucketAlias::target);
  }

  /**
   * Resolves {@code name} and checks that {@code key} may use it as {@code needed} asks;
   * NoSuchBucket when the name is unknown, AccessDenied when the key lacks the permission. The
   * answer comes from cached aliases and keys when it allows the request; a denial is only given
   * after reading both afresh, so a bucket or permission just granted elsewhere is never refused.
   */
  public Uuid authorize(String name, AccessKey key, Permission needed) {
    Optional<Uuid> cached = resolve(name, key, false);
    if (cached.isPresent() && allowed(key.permission(cached.get()), needed)) {
      return cached.get();
    }
    AccessKey current = keys.findFresh(key.accessKeyId()).orElse(key);
    Uuid id =
        resolve(name, current, true)
            .orElseThrow(
                () ->
                    new S3Exception(S3Error.NO_SUCH_BUCKET, "The specified bucket does not exist"));
    if (!allowed(current.permission(id), needed)) {
      throw new S3Exception(S3Error.ACCESS_DENIED, "Access Denied");
    }
    return id;
  }

  private static boolean allowed(BucketKeyPerm perm, Permission needed) {
    return switch (needed) {
      case READ -> perm.read();
      case WRITE -> perm.write();
      case OWNER -> perm.owner();
      case ANY -> perm.any();
    };
  }

  /** The bucket entry, through the access cache: its settings may lag as keys' do. */
  public Optional<Bucket> bucket(Uuid id) {
    return cache.get(BucketTable.INSTANCE, id.bytes()).filter(b -> !b.deleted());
  }

  /** The buckets this key may see, under the names it knows them by, sorted by name. */
  public List<NamedBucket> listFor(AccessKey key) {
    List<NamedBucket> out = new ArrayList<>();
    for (Map.Entry<Uuid, BucketKeyPerm> e : key.authorizedBuckets().entrySet()) {
      if (!e.getValue().any()) {
        continue;
      }
      Optional<Bucket> b = bucket(e.getKey());
      if (b.isEmpty()) {
        continue;
      }
      for (var alias : b.get().globalAliases().entries().entrySet()) {
        if (alias.getValue().value()) {
          out.add(new NamedBucket(alias.getKey(), b.get()));
        }
      }
    }
    key.localAliases()
        .entries()
        .forEach(
            (alias, target) ->
                target
                    .value()
                    .flatMap(this::bucket)
                    .ifPresent(b -> out.add(new NamedBucket(alias, b))));
    out.sort(Comparator.comparing(NamedBucket::name));
    return out.stream().distinct().toList();
  }

  /**
   * S3 CreateBucket: a new bucket under a new global alias, with read, write and owner rights for
   * the creator. The bucket entry is written before the alias, so a name never points at a bucket
   * that does not exist.
   */
  public void create(String name, AccessKey key) {
    Optional<Uuid> existing = resolve(name, key, true);
    if (existing.isPresent() && bucket(existing.get()).isPresent()) {
      if (key.permission(existing.get()).any()) {
        throw new S3Exception(
            S3Error.BUCKET_ALREADY_OWNED_BY_YOU,
            "Your previous request to create the named bucket succeeded and you already own it.");
      }
      throw new S3Exception(
          S3Error.BUCKET_ALREADY_EXISTS,
          "The requested bucket name is not available. Please select a different name and try again.");
    }
    if (!key.allowCreateBucket().value()) {
      throw new S3Exception(S3Error.ACCESS_DENIED, "This access key may not create buckets");
    }
    long now = clock.millis();
    Uuid id = Uuid.random();
    BucketKeyPerm rwo = new BucketKeyPerm(now, true, true, true);
    Bucket bucket =
        Bucket.create(id, now)
            .withPermission(key.accessKeyId(), rwo)
            .withGlobalAliases(
                dev.remise.crdt.LwwMap.<String, Boolean>empty().put(name, true, clock));
    cache.put(BucketTable.INSTANCE, bucket);
    cache.put(KeyTable.INSTANCE, key.withPermission(id, rwo));
    long aliasTs =
        Timestamps.next(alias(name, true).map(a -> a.bucketId().timestamp()).orElse(0L), clock);
    cache.put(
        BucketAliasTable.INSTANCE, new BucketAlias(name, new Lww<>(aliasTs, Optional.of(id))));
  }

  /**
   * Deletes an (empty) bucket: its alias is released first, then the bucket entry becomes a
   * tombstone.
   */
  public void delete(Uuid id, String name, AccessKey key) {
    Optional<BucketAlias> alias = alias(name, true);
    if (alias.isPresent() && alias.get().target().equals(Optional.of(id))) {
      cache.put(
          BucketAliasTable.INSTANCE,
          new BucketAlias(
              name,
              new Lww<>(
                  Timestamps.next(alias.get().bucketId().timestamp(), clock), Optional.empty())));
    }
    cache.put(
        KeyTable.INSTANCE,
        key.withPermission(
            id,
            new BucketKeyPerm(
                Timestamps.next(key.permission(id).timestamp(), clock), false, false, false)));
    cache.put(BucketTable.INSTANCE, Bucket.tombstone(id));
  }

  private Optional<BucketAlias> alias(String name, boolean fresh) {
    byte[] sortKey = name.getBytes(StandardCharsets.UTF_8);
    return fresh
        ? cache.getFresh(BucketAliasTable.INSTANCE, sortKey)
        : cache.get(BucketAliasTable.INSTANCE, sortKey);
  }

  public enum Permission {
    READ,
    WRITE,
    OWNER,
    ANY
  }

  public record NamedBucket(String name, Bucket bucket) {}
}
