package dev.remise.model;

import static dev.remise.model.ModelArbitraries.rarelyTrue;

import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketKeyPerm;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated entries of the bucket, bucket_alias and key tables. The {@code replicas} variants fix
 * the entry's key and draw everything else from small pools (timestamps 0..2, two or three values),
 * so that concurrent writes at the same millisecond are common; the {@code any} variants vary
 * everything, for codec properties.
 */
public final class AdminArbitraries {
  public static final Uuid BUCKET_ID = ModelArbitraries.uuid(0x0b);
  public static final String ALIAS = "photos";
  public static final String ACCESS_KEY_ID = "GK0123456789abcdef01234567";

  private AdminArbitraries() {}

  /** Values drawn from the given arbitraries for every part of an admin entry. */
  private record Pools(
      Arbitrary<Long> timestamps,
      Arbitrary<Long> dates,
      Arbitrary<String> names,
      Arbitrary<String> keyIds,
      Arbitrary<Uuid> bucketIds) {}

  private static final Pools SMALL =
      new Pools(
          ModelArbitraries.smallTimestamps(),
          Arbitraries.of(1_000L, 2_000L),
          Arbitraries.of("a", "b"),
          Arbitraries.of("GK1", "GK2"),
          ModelArbitraries.uuidPool(2));

  private static final Pools ANY =
      new Pools(
          ModelArbitraries.anyLong(),
          ModelArbitraries.anyLong(),
          ModelArbitraries.text(),
          ModelArbitraries.text(),
          ModelArbitraries.anyUuid());

  // --- bucket_key_perm (inside buckets and keys)

  public static Arbitrary<BucketKeyPerm> permReplicas() {
    return ModelArbitraries.perms(SMALL.timestamps());
  }

  // --- bucket table

  private static <K extends Comparable<K>, V> Arbitrary<LwwMap<K, V>> lwwMaps(
      Arbitrary<K> keys, Arbitrary<Long> timestamps, Arbitrary<V> values) {
    return Arbitraries.maps(keys, ModelArbitraries.lww(timestamps, values))
        .ofMaxSize(3)
        .map(m -> new LwwMap<>(new TreeMap<>(m)));
  }

  private static Arbitrary<Bucket> buckets(Arbitrary<Uuid> ids, Pools p) {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<LwwMap<Bucket.LocalAlias, Boolean>> localAliases =
        Arbitraries.maps(
                Combinators.combine(p.keyIds(), p.names()).as(Bucket.LocalAlias::new),
                ModelArbitraries.lww(p.timestamps(), flag))
            .ofMaxSize(3)
            .map(
                m -> {
                  TreeMap<Bucket.LocalAlias, Lww<Boolean>> t =
                      new TreeMap<>(Bucket.LOCAL_ALIAS_ORDER);
                  t.putAll(m);
                  return new LwwMap<>(t);
                });
    return Combinators.combine(
            ids,
            rarelyTrue(),
            p.dates(),
            Arbitraries.maps(p.keyIds(), ModelArbitraries.perms(p.timestamps())).ofMaxSize(2),
            lwwMaps(p.names(), p.timestamps(), flag),
            localAliases)
        .as((id, d, c, perms, g, l) -> new Bucket(id, d, c, new TreeMap<>(perms), g, l));
  }

  public static Arbitrary<Bucket> bucketReplicas() {
    return buckets(Arbitraries.just(BUCKET_ID), SMALL);
  }

  public static Arbitrary<Bucket> anyBucket() {
    return buckets(ModelArbitraries.anyUuid(), ANY);
  }

  // --- bucket_alias table

  private static Arbitrary<BucketAlias> aliases(Arbitrary<String> names, Pools p) {
    return Combinators.combine(
            names, ModelArbitraries.lww(p.timestamps(), p.bucketIds().optional(0.7)))
        .as(BucketAlias::new);
  }

  public static Arbitrary<BucketAlias> aliasReplicas() {
    return aliases(Arbitraries.just(ALIAS), SMALL);
  }

  public static Arbitrary<BucketAlias> anyAlias() {
    return aliases(ModelArbitraries.text(), ANY);
  }

  // --- key table

  private static Arbitrary<AccessKey> keys(Arbitrary<String> ids, Pools p) {
    Arbitrary<LwwMap<String, Optional<Uuid>>> localAliases =
        lwwMaps(p.names(), p.timestamps(), p.bucketIds().optional(0.7));
    return Combinators.combine(
            ids,
            rarelyTrue(),
            Arbitraries.oneOf(Arbitraries.of("s1", "s2"), p.names()),
            p.dates(),
            ModelArbitraries.lww(p.timestamps(), p.names()),
            ModelArbitraries.lww(p.timestamps(), Arbitraries.of(true, false)),
            Arbitraries.maps(p.bucketIds(), ModelArbitraries.perms(p.timestamps())).ofMaxSize(2),
            localAliases)
        .as(
            (id, d, secret, created, name, allow, perms, aliases) ->
                new AccessKey(id, d, secret, created, name, allow, new TreeMap<>(perms), aliases));
  }

  public static Arbitrary<AccessKey> keyReplicas() {
    return keys(Arbitraries.just(ACCESS_KEY_ID), SMALL);
  }

  public static Arbitrary<AccessKey> anyKey() {
    return keys(ModelArbitraries.text(), ANY);
  }
}
