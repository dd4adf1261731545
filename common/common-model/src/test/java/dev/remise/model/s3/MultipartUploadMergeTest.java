package dev.remise.model.s3;

import static dev.remise.model.ModelArbitraries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.CrdtLaws;
import dev.remise.model.ObjectHistories;
import dev.remise.model.S3Arbitraries;
import dev.remise.model.TableMergeContract;
import dev.remise.table.TableSchema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MultipartUploadMergeTest implements TableMergeContract<MultipartUpload> {
  private static final MultipartUploadTable TABLE = MultipartUploadTable.INSTANCE;

  @Override
  public TableSchema<MultipartUpload> table() {
    return TABLE;
  }

  @Override
  @Provide
  public Arbitrary<MultipartUpload> replicas() {
    return S3Arbitraries.uploadReplicas();
  }

  @Property
  void deletionIsFinalAndForgetsTheParts(
      @ForAll("replicas") MultipartUpload a, @ForAll("replicas") MultipartUpload b) {
    MultipartUpload merged = TABLE.merge(a, b);

    assertThat(merged.deleted()).isEqualTo(a.deleted() || b.deleted());
    if (merged.deleted()) {
      assertThat(merged.parts()).isEmpty();
    } else {
      assertThat(merged.parts().keySet())
          .containsAll(a.parts().keySet())
          .containsAll(b.parts().keySet());
    }
  }

  private static MultipartUpload withOnePart(MultipartUpload.Part part) {
    return MultipartUpload.create(
            S3Arbitraries.UPLOAD,
            S3Arbitraries.UPLOAD_TIMESTAMP,
            ObjectHistories.BUCKET,
            ObjectHistories.KEY)
        .withPart(new MultipartUpload.PartKey(1, 7), part);
  }

  /**
   * UploadPart first writes its attempt with no ETag, size or checksum yet. Parts are uploaded in
   * parallel, so the upload entry another UploadPart writes (read, plus its own attempt) often
   * carries such an unfinished attempt that the stored entry also has; a retried insert merges an
   * entry with itself. Either merge must succeed.
   */
  @Example
  void anUnfinishedAttemptMergesWithItself() {
    MultipartUpload started = withOnePart(new MultipartUpload.Part(uuid(1), null, null, null));

    CrdtLaws.assertIdempotent(TABLE, started);
  }

  /**
   * Two gateways that start the same part number at the same millisecond write one part key; if
   * their checksums differ, the replicas must still agree on one of them.
   */
  @Example
  void concurrentAttemptsAtOnePartAgreeOnTheChecksum() {
    MultipartUpload a =
        withOnePart(
            new MultipartUpload.Part(
                uuid(1), "e", 5L, new ObjectVersion.Checksum("CRC32", "AAAAAA==")));
    MultipartUpload b =
        withOnePart(
            new MultipartUpload.Part(
                uuid(1), "e", 5L, new ObjectVersion.Checksum("CRC32", "BBBBBB==")));

    CrdtLaws.assertCommutative(TABLE, a, b);
  }

  @Example
  void aFinishedAttemptWinsOverItsStartedState() {
    MultipartUpload.PartKey key = new MultipartUpload.PartKey(1, 7);
    MultipartUpload.Part started = new MultipartUpload.Part(uuid(1), null, null, null);
    MultipartUpload.Part finished =
        new MultipartUpload.Part(
            uuid(1), "etag", 5L, new ObjectVersion.Checksum("CRC32", "AAAAAA=="));

    MultipartUpload merged = TABLE.merge(withOnePart(started), withOnePart(finished));

    assertThat(merged.parts()).containsEntry(key, finished);
    assertThat(TABLE.merge(withOnePart(finished), withOnePart(started)).parts())
        .containsEntry(key, finished);
  }
}
