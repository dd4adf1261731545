package dev.remise.model.counter;

import static dev.remise.model.ModelArbitraries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Uuid;
import dev.remise.model.ObjectHistories;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the object and multipart upload entries count, as Garage's {@code counts()}. */
class IndexCountersTest {
  private static final Uuid BUCKET = ObjectHistories.BUCKET;

  private static ObjectVersion data(int id, long ts, long size) {
    return new ObjectVersion(
        uuid(id),
        ts,
        new State.Complete(
            new Data.FirstBlock(
                new ObjectVersion.Meta(size, "e", ObjectVersion.Headers.none()),
                uuid(0xb1).asHash())));
  }

  private static ObjectVersion uploading(int id, long ts, boolean multipart) {
    return new ObjectVersion(
        uuid(id), ts, new State.Uploading(multipart, ObjectVersion.Headers.none()));
  }

  private static S3Object object(ObjectVersion... versions) {
    return new S3Object(BUCKET, "k", List.of(versions));
  }

  private static Map<String, Long> counts(S3Object o) {
    return ObjectCounter.INSTANCE.counts(o);
  }

  @Test
  void theObjectTableDeclaresTheObjectCounterAndTheUploadTableTheUploadCounter() {
    assertThat(ObjectTable.INSTANCE.counters()).containsExactly(ObjectCounter.INSTANCE);
    assertThat(MultipartUploadTable.INSTANCE.counters())
        .containsExactly(MultipartUploadCounter.INSTANCE);
    assertThat(ObjectCounter.INSTANCE.counterTable()).isSameAs(CounterTable.BUCKET_OBJECT_COUNTER);
  }

  @Test
  void anObjectWithDataCountsOneObjectAndItsSize() {
    assertThat(counts(object(data(1, 10, 300))))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("objects", 1L, "bytes", 300L, "unfinished_uploads", 0L));
  }

  @Test
  void aDeleteMarkerCountsNothing() {
    S3Object deleted =
        object(new ObjectVersion(uuid(2), 20, new State.Complete(new Data.DeleteMarker())));
    assertThat(counts(deleted))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("objects", 0L, "bytes", 0L, "unfinished_uploads", 0L));
  }

  @Test
  void uploadsInProgressAreUnfinishedUploadsWhateverTheirKind() {
    S3Object o = object(data(1, 10, 300), uploading(2, 20, false), uploading(3, 30, true));
    assertThat(counts(o))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("objects", 1L, "bytes", 300L, "unfinished_uploads", 2L));
    assertThat(counts(object(uploading(2, 20, true))))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("objects", 0L, "bytes", 0L, "unfinished_uploads", 1L));
  }

  @Test
  void theObjectCounterIsKeyedByBucketAlone() {
    S3Object o = object(data(1, 10, 300));
    assertThat(ObjectCounter.INSTANCE.counterPartition(o)).isEqualTo(BUCKET.asHash());
    assertThat(ObjectCounter.INSTANCE.counterSortKey(o)).isEmpty();
  }

  @Test
  void anUploadCountsItselfItsPartNumbersAndTheBytesOfFinishedAttempts() {
    MultipartUpload u =
        MultipartUpload.create(uuid(0x6d), 1_000, BUCKET, "k")
            .withPart(
                new MultipartUpload.PartKey(1, 1), new MultipartUpload.Part(uuid(1), "a", 5L, null))
            .withPart(
                new MultipartUpload.PartKey(1, 2), new MultipartUpload.Part(uuid(2), "b", 6L, null))
            .withPart(
                new MultipartUpload.PartKey(2, 3),
                new MultipartUpload.Part(uuid(3), null, null, null));

    assertThat(MultipartUploadCounter.INSTANCE.counts(u))
        .containsExactlyInAnyOrderEntriesOf(Map.of("uploads", 1L, "parts", 2L, "bytes", 11L));
    assertThat(MultipartUploadCounter.INSTANCE.counts(u.asDeleted()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("uploads", 0L, "parts", 0L, "bytes", 0L));
  }

  @Test
  void theUploadCounterIsKeyedByBucketAndThePartitionOfTheUploadId() {
    MultipartUpload u = MultipartUpload.create(uuid(0x6d), 1_000, BUCKET, "k");
    CounterEntry e =
        MultipartUploadCounter.INSTANCE.nodeTotals(
            u,
            dev.remise.model.CounterArbitraries.node(1),
            dev.remise.model.CounterArbitraries.totals(1));

    assertThat(e.partition()).isEqualTo(BUCKET);
    assertThat(e.sortKey()).isEqualTo("6d");
    assertThat(MultipartUploadCounter.partitionOf(e)).hasValue(0x6d);
    assertThat(MultipartUploadCounter.partitionOf(new CounterEntry(BUCKET, "x", new TreeMap<>())))
        .isEmpty();
    assertThat(CounterTable.BUCKET_MPU_COUNTER.storageKey(e))
        .isEqualTo(MultipartUploadCounter.INSTANCE.counterKey(u));
  }
}
