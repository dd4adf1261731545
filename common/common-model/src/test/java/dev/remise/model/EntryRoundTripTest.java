package dev.remise.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.counter.CounterEntry;
import dev.remise.model.counter.CounterTable;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every entry decodes to one that encodes to the same bytes, and encoding is a pure function of the
 * entry: Merkle hashes and "did the entry change?" compare these bytes across replicas.
 */
class EntryRoundTripTest {

  private static <E> void assertRoundTrips(TableSchema<E> table, E entry) {
    byte[] encoded = table.encode(entry);
    String hex = HexFormat.of().formatHex(encoded);

    assertThat(encoded).startsWith(table.versionMarker().getBytes(StandardCharsets.US_ASCII));
    assertThat(CrdtLaws.hex(table, entry)).as("encoding twice").isEqualTo(hex);
    assertThat(CrdtLaws.hex(table, table.decode(encoded))).as("decode then encode").isEqualTo(hex);
  }

  @Provide
  Arbitrary<S3Object> objects() {
    return S3Arbitraries.anyObject();
  }

  @Provide
  Arbitrary<Version> versions() {
    return S3Arbitraries.anyVersion();
  }

  @Provide
  Arbitrary<BlockRef> blockRefs() {
    return S3Arbitraries.anyBlockRef();
  }

  @Provide
  Arbitrary<MultipartUpload> uploads() {
    return S3Arbitraries.anyUpload();
  }

  @Provide
  Arbitrary<Bucket> buckets() {
    return AdminArbitraries.anyBucket();
  }

  @Provide
  Arbitrary<BucketAlias> aliases() {
    return AdminArbitraries.anyAlias();
  }

  @Provide
  Arbitrary<AccessKey> keys() {
    return AdminArbitraries.anyKey();
  }

  @Property
  void objectEntriesRoundTrip(@ForAll("objects") S3Object e) {
    assertRoundTrips(ObjectTable.INSTANCE, e);
  }

  @Property
  void versionEntriesRoundTrip(@ForAll("versions") Version e) {
    assertRoundTrips(VersionTable.INSTANCE, e);
  }

  @Property
  void blockRefEntriesRoundTrip(@ForAll("blockRefs") BlockRef e) {
    assertRoundTrips(BlockRefTable.INSTANCE, e);
  }

  @Property
  void multipartUploadEntriesRoundTrip(@ForAll("uploads") MultipartUpload e) {
    assertRoundTrips(MultipartUploadTable.INSTANCE, e);
  }

  @Property
  void bucketEntriesRoundTrip(@ForAll("buckets") Bucket e) {
    assertRoundTrips(BucketTable.INSTANCE, e);
  }

  @Property
  void bucketAliasEntriesRoundTrip(@ForAll("aliases") BucketAlias e) {
    assertRoundTrips(BucketAliasTable.INSTANCE, e);
  }

  @Property
  void accessKeyEntriesRoundTrip(@ForAll("keys") AccessKey e) {
    assertRoundTrips(KeyTable.INSTANCE, e);
  }

  /** Merged replicas are what is actually stored; they round-trip too. */
  @Provide
  Arbitrary<CounterEntry> counters() {
    return CounterArbitraries.any();
  }

  @Property
  void counterEntriesRoundTrip(@ForAll("counters") CounterEntry e) {
    assertRoundTrips(CounterTable.BUCKET_OBJECT_COUNTER, e);
  }

  @Property(tries = 300)
  void mergedObjectReplicasRoundTrip(@ForAll("mergedObjects") List<S3Object> replicas) {
    assertRoundTrips(
        ObjectTable.INSTANCE, ObjectTable.INSTANCE.merge(replicas.get(0), replicas.get(1)));
  }

  @Provide
  Arbitrary<List<S3Object>> mergedObjects() {
    return ObjectHistories.replicas(2, true);
  }
}
