package dev.remise.model.s3;

import static dev.remise.model.ModelArbitraries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Uuid;
import dev.remise.model.CrdtLaws;
import dev.remise.model.ObjectHistories;
import dev.remise.model.RecordingInsertQueue;
import org.junit.jupiter.api.Test;

/**
 * The multipart branch of the deletion cascade: an upload that ends drops the versions of all its
 * part attempts, finished or not.
 */
class MultipartUploadTableUpdatedTest {
  private static final MultipartUploadTable TABLE = MultipartUploadTable.INSTANCE;
  private static final Uuid UPLOAD = uuid(0x6d);

  /** Part 1 tried twice (the first attempt never finished), part 2 once. */
  private static final MultipartUpload LIVE =
      MultipartUpload.create(UPLOAD, 1_000, ObjectHistories.BUCKET, ObjectHistories.KEY)
          .withPart(
              new MultipartUpload.PartKey(1, 1_001),
              new MultipartUpload.Part(uuid(1), null, null, null))
          .withPart(
              new MultipartUpload.PartKey(1, 1_002),
              new MultipartUpload.Part(uuid(2), "e2", 5L, null))
          .withPart(
              new MultipartUpload.PartKey(2, 1_001),
              new MultipartUpload.Part(uuid(3), "e3", 5L, null));

  private static RecordingInsertQueue write(MultipartUpload stored, MultipartUpload updated) {
    RecordingInsertQueue queue = new RecordingInsertQueue();
    TABLE.updated(stored, updated, queue);
    return queue;
  }

  private static String deletedVersion(Uuid version) {
    return CrdtLaws.hex(
        VersionTable.INSTANCE,
        Version.deleted(version, new Version.Backlink.MultipartUpload(UPLOAD)));
  }

  @Test
  void anUploadThatBecomesDeletedQueuesADeletedVersionForEveryPartAttempt() {
    var queue = write(LIVE, LIVE.asDeleted());

    assertThat(queue.queuedFor(VersionTable.INSTANCE))
        .containsExactly(deletedVersion(uuid(1)), deletedVersion(uuid(2)), deletedVersion(uuid(3)));
    assertThat(queue.tables()).containsOnly("version");
  }

  @Test
  void anUploadAlreadyDeletedQueuesNothing() {
    assertThat(write(LIVE.asDeleted(), LIVE.asDeleted()).isEmpty()).isTrue();
  }

  @Test
  void aLiveUploadThatGainsPartsQueuesNothing() {
    MultipartUpload more =
        LIVE.withPart(
            new MultipartUpload.PartKey(3, 1_001),
            new MultipartUpload.Part(uuid(4), null, null, null));

    assertThat(write(LIVE, more).isEmpty()).isTrue();
  }

  @Test
  void anUploadFirstSeenDeletedQueuesNothingAsItHasNoKnownParts() {
    assertThat(write(null, LIVE.asDeleted()).isEmpty()).isTrue();
  }
}
