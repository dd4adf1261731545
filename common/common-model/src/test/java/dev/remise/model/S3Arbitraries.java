package dev.remise.model;

import static dev.remise.model.ModelArbitraries.rarelyTrue;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated entries of the version, block_ref and multipart_upload tables. The {@code replicas}
 * variants keep what identifies the entry fixed (its key, and what is set once with the key: a
 * version's backlink, an upload's timestamp, bucket and object key), as replicas of one entry have;
 * the {@code any} variants vary everything, for codec properties.
 */
public final class S3Arbitraries {
  public static final Uuid VERSION = ModelArbitraries.uuid(0x5e);
  public static final Version.Backlink BACKLINK =
      new Version.Backlink.Object(ObjectHistories.BUCKET, ObjectHistories.KEY);
  public static final Uuid UPLOAD = ModelArbitraries.uuid(0x6d);
  public static final long UPLOAD_TIMESTAMP = 1_000;
  public static final Hash BLOCK = ModelArbitraries.hash(0xb1);

  private S3Arbitraries() {}

  // --- object table (merge properties use ObjectHistories)

  public static Arbitrary<ObjectVersion.State> anyState() {
    return Arbitraries.oneOf(
        ModelArbitraries.uploading().map(ObjectVersion.State.class::cast),
        ModelArbitraries.data().map(ObjectVersion.State.Complete::new),
        Arbitraries.just(new ObjectVersion.State.Aborted()));
  }

  /** Any object entry, its versions in any order: the codec does not depend on the merge. */
  public static Arbitrary<S3Object> anyObject() {
    Arbitrary<ObjectVersion> versions =
        Combinators.combine(ModelArbitraries.anyUuid(), ModelArbitraries.anyLong(), anyState())
            .as(ObjectVersion::new);
    return Combinators.combine(
            ModelArbitraries.anyUuid(), ModelArbitraries.text(), versions.list().ofMaxSize(3))
        .as(S3Object::new);
  }

  // --- version table

  /**
   * A block at (part 1..2, offset 0 or 1 MiB). Its size is a function of its hash: the hash is of
   * the content, so one hash never comes with two sizes.
   */
  private static Arbitrary<Version> versions(
      Arbitrary<Uuid> uuids, Arbitrary<Version.Backlink> backlinks, Arbitrary<Hash> hashes) {
    Arbitrary<Version.BlockKey> keys =
        Combinators.combine(Arbitraries.integers().between(1, 2), Arbitraries.of(0L, 1L << 20))
            .as(Version.BlockKey::new);
    Arbitrary<Version.Block> blocks = hashes.map(h -> new Version.Block(h, sizeOf(h)));
    return Combinators.combine(
            uuids, rarelyTrue(), Arbitraries.maps(keys, blocks).ofMaxSize(3), backlinks)
        .as((u, d, b, l) -> new Version(u, d, new TreeMap<>(b), l));
  }

  private static long sizeOf(Hash h) {
    return (h.bytes()[0] & 0xFF) * 1000L;
  }

  public static Arbitrary<Version> versionReplicas() {
    return versions(
        Arbitraries.just(VERSION), Arbitraries.just(BACKLINK), ModelArbitraries.hashPool(3));
  }

  public static Arbitrary<Version.Backlink> anyBacklink() {
    return Arbitraries.oneOf(
        Combinators.combine(ModelArbitraries.anyUuid(), ModelArbitraries.text())
            .as(Version.Backlink.Object::new),
        ModelArbitraries.anyUuid().map(Version.Backlink.MultipartUpload::new));
  }

  public static Arbitrary<Version> anyVersion() {
    return versions(ModelArbitraries.anyUuid(), anyBacklink(), ModelArbitraries.anyHash());
  }

  // --- block_ref table

  public static Arbitrary<BlockRef> blockRefReplicas() {
    return Arbitraries.of(true, false).map(d -> new BlockRef(BLOCK, VERSION, d));
  }

  public static Arbitrary<BlockRef> anyBlockRef() {
    return Combinators.combine(
            ModelArbitraries.anyHash(), ModelArbitraries.anyUuid(), Arbitraries.of(true, false))
        .as(BlockRef::new);
  }

  // --- multipart_upload table

  /**
   * Attempts at parts 1..2 at timestamps 1..2. Two attempts with the same key are two gateways that
   * started a part at the same millisecond, so their fields may differ in every way; a field not
   * yet known is null.
   */
  private static Arbitrary<MultipartUpload> uploads(
      Arbitrary<Uuid> uploadIds,
      Arbitrary<Long> timestamps,
      Arbitrary<Uuid> buckets,
      Arbitrary<String> keys,
      Arbitrary<Uuid> partVersions,
      Arbitrary<String> etags,
      Arbitrary<Long> sizes) {
    Arbitrary<MultipartUpload.PartKey> partKeys =
        Combinators.combine(Arbitraries.integers().between(1, 2), Arbitraries.longs().between(1, 2))
            .as(MultipartUpload.PartKey::new);
    Arbitrary<MultipartUpload.Part> parts =
        Combinators.combine(
                partVersions,
                etags.injectNull(0.4),
                sizes.injectNull(0.4),
                ModelArbitraries.checksums().injectNull(0.4))
            .as(MultipartUpload.Part::new);
    return Combinators.combine(
            uploadIds,
            timestamps,
            rarelyTrue(),
            Arbitraries.maps(partKeys, parts).ofMaxSize(3),
            buckets,
            keys)
        .as((id, ts, d, p, b, k) -> new MultipartUpload(id, ts, d, new TreeMap<>(p), b, k));
  }

  public static Arbitrary<MultipartUpload> uploadReplicas() {
    return uploads(
        Arbitraries.just(UPLOAD),
        Arbitraries.just(UPLOAD_TIMESTAMP),
        Arbitraries.just(ObjectHistories.BUCKET),
        Arbitraries.just(ObjectHistories.KEY),
        ModelArbitraries.uuidPool(2),
        Arbitraries.of("e1", "e2"),
        Arbitraries.longs().between(5, 6));
  }

  public static Arbitrary<MultipartUpload> anyUpload() {
    return uploads(
        ModelArbitraries.anyUuid(),
        ModelArbitraries.anyLong(),
        ModelArbitraries.anyUuid(),
        ModelArbitraries.text(),
        ModelArbitraries.anyUuid(),
        ModelArbitraries.text(),
        ModelArbitraries.anyLong());
  }
}
