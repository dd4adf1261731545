package dev.remise.model;

import static dev.remise.model.ModelArbitraries.hash;
import static dev.remise.model.ModelArbitraries.uuid;

import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketKeyPerm;
import dev.remise.model.counter.CounterEntry;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Small hand-built entries, one or more per table, whose encodings are written out byte by byte in
 * {@code EntryGoldenBytesTest}. Ids are 32 repetitions of one byte: bucket 0b, version 5e, upload
 * 6d, version 7a, block hash b1. Every timestamp is 1000 (0x3e8) or just after.
 */
public final class GoldenEntries {
  private GoldenEntries() {}

  public static final BlockRef BLOCK_REF = new BlockRef(hash(0xb1), uuid(0x5e), true);

  public static final Version VERSION =
      Version.empty(uuid(0x5e), new Version.Backlink.Object(uuid(0x0b), "k"))
          .withBlock(new Version.BlockKey(1, 0), new Version.Block(hash(0xb1), 5));

  /** No blocks, the other backlink kind. */
  public static final Version VERSION_NO_BLOCKS =
      Version.empty(uuid(0x5e), new Version.Backlink.MultipartUpload(uuid(0x6d)));

  public static final MultipartUpload UPLOAD =
      MultipartUpload.create(uuid(0x6d), 1_000, uuid(0x0b), "k")
          .withPart(
              new MultipartUpload.PartKey(1, 1_001),
              new MultipartUpload.Part(uuid(0x5e), "e", 5L, null));

  public static final MultipartUpload UPLOAD_NO_PARTS =
      MultipartUpload.create(uuid(0x6d), 1_000, uuid(0x0b), "k");

  /** Inline data with one header, a multipart upload with a checksum, an aborted version. */
  public static final S3Object OBJECT =
      new S3Object(
          uuid(0x0b),
          "k",
          List.of(
              new ObjectVersion(
                  uuid(0x5e),
                  1_000,
                  new State.Complete(
                      new Data.Inline(
                          new ObjectVersion.Meta(
                              2,
                              "e",
                              new ObjectVersion.Headers(
                                  List.of(new ObjectVersion.Header("a", "b")), null)),
                          "hi".getBytes(StandardCharsets.US_ASCII)))),
              new ObjectVersion(
                  uuid(0x6d),
                  1_001,
                  new State.Uploading(
                      true,
                      new ObjectVersion.Headers(
                          List.of(), new ObjectVersion.Checksum("CRC32", "x")))),
              new ObjectVersion(uuid(0x7a), 1_002, new State.Aborted())));

  /** The other two kinds of data: a delete marker and a first block. */
  public static final S3Object OBJECT_FIRST_BLOCK =
      new S3Object(
          uuid(0x0b),
          "k",
          List.of(
              new ObjectVersion(uuid(0x5e), 1_000, new State.Complete(new Data.DeleteMarker())),
              new ObjectVersion(
                  uuid(0x6d),
                  1_001,
                  new State.Complete(
                      new Data.FirstBlock(
                          new ObjectVersion.Meta(5, "e", ObjectVersion.Headers.none()),
                          hash(0xb1))))));

  public static final S3Object OBJECT_NO_VERSIONS = new S3Object(uuid(0x0b), "k", List.of());

  public static final Bucket BUCKET =
      Bucket.create(uuid(0x0b), 1_000)
          .withPermission("GK1", new BucketKeyPerm(1_000, true, false, true))
          .withGlobalAliases(new LwwMap<>(new TreeMap<>(Map.of("b", new Lww<>(1_000L, true)))))
          .withLocalAliases(localAlias("GK1", "l", new Lww<>(1_000L, true)));

  public static final Bucket BUCKET_EMPTY = Bucket.create(uuid(0x0b), 1_000);

  public static final Bucket BUCKET_TOMBSTONE = Bucket.tombstone(uuid(0x0b));

  public static final BucketAlias ALIAS =
      new BucketAlias("b", new Lww<>(1_000, Optional.of(uuid(0x0b))));

  public static final BucketAlias ALIAS_RELEASED =
      new BucketAlias("b", new Lww<>(1_001, Optional.empty()));

  public static final AccessKey KEY =
      AccessKey.create("GK1", "s", "n", 1_000, true)
          .withPermission(uuid(0x0b), new BucketKeyPerm(1_000, true, true, false))
          .withLocalAliases(
              new LwwMap<>(new TreeMap<>(Map.of("l", new Lww<>(1_000L, Optional.of(uuid(0x0b)))))));

  public static final AccessKey KEY_EMPTY = AccessKey.create("GK1", "s", "n", 1_000, true);

  public static final AccessKey KEY_TOMBSTONE = AccessKey.tombstone("GK1");

  /**
   * Bucket 0b's object counter as two nodes (ids 01 and 02) published it; the upload counter of
   * partition 6d of the same bucket, as one node did.
   */
  public static final CounterEntry OBJECT_COUNTER =
      new CounterEntry(
          uuid(0x0b),
          "",
          new TreeMap<>(
              Map.of(
                  CounterArbitraries.node(1),
                  CounterArbitraries.totals(1_000, "bytes", 5, "objects", 1),
                  CounterArbitraries.node(2),
                  CounterArbitraries.totals(1_001, "objects", 0))));

  public static final CounterEntry MPU_COUNTER =
      CounterEntry.of(
          uuid(0x0b), "6d", CounterArbitraries.node(1), CounterArbitraries.totals(1_002));

  private static LwwMap<Bucket.LocalAlias, Boolean> localAlias(
      String keyId, String alias, Lww<Boolean> value) {
    TreeMap<Bucket.LocalAlias, Lww<Boolean>> m = new TreeMap<>(Bucket.LOCAL_ALIAS_ORDER);
    m.put(new Bucket.LocalAlias(keyId, alias), value);
    return new LwwMap<>(m);
  }
}
