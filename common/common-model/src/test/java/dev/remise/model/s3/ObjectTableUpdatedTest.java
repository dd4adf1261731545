package dev.remise.model.s3;

import static dev.remise.model.ModelArbitraries.hash;
import static dev.remise.model.ModelArbitraries.uuid;
import static dev.remise.model.ObjectHistories.BUCKET;
import static dev.remise.model.ObjectHistories.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Uuid;
import dev.remise.model.CrdtLaws;
import dev.remise.model.ObjectHistories;
import dev.remise.model.RecordingInsertQueue;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Step 1 of the deletion cascade: the object table's hook turns versions that left the entry or
 * were aborted into deleted versions (when they may hold blocks), and ends the multipart upload of
 * a multipart version that stopped uploading.
 */
class ObjectTableUpdatedTest {
  private static final ObjectTable TABLE = ObjectTable.INSTANCE;
  private static final ObjectVersion.Meta META =
      new ObjectVersion.Meta(5, "e", ObjectVersion.Headers.none());
  private static final State UPLOADING = new State.Uploading(false, ObjectVersion.Headers.none());
  private static final State MULTIPART = new State.Uploading(true, ObjectVersion.Headers.none());
  private static final State FIRST_BLOCK = new State.Complete(new Data.FirstBlock(META, hash(1)));
  private static final State INLINE = new State.Complete(new Data.Inline(META, new byte[] {1}));
  private static final State DELETE_MARKER = new State.Complete(new Data.DeleteMarker());
  private static final State ABORTED = new State.Aborted();

  private static final Uuid V1 = uuid(1);
  private static final Uuid V2 = uuid(2);

  private static S3Object object(ObjectVersion... versions) {
    return new S3Object(BUCKET, KEY, List.of(versions));
  }

  /** Runs the hook as the table does: on the stored entry and its merge with the incoming one. */
  private static RecordingInsertQueue write(S3Object stored, S3Object incoming) {
    RecordingInsertQueue queue = new RecordingInsertQueue();
    S3Object updated = stored == null ? incoming : TABLE.merge(stored, incoming);
    TABLE.updated(stored, updated, queue);
    return queue;
  }

  private static String deletedVersion(Uuid uuid) {
    return CrdtLaws.hex(
        VersionTable.INSTANCE, Version.deleted(uuid, new Version.Backlink.Object(BUCKET, KEY)));
  }

  private static String deletedUpload(Uuid uuid, long timestamp) {
    return CrdtLaws.hex(
        MultipartUploadTable.INSTANCE,
        MultipartUpload.create(uuid, timestamp, BUCKET, KEY).asDeleted());
  }

  @Test
  void aFirstBlockVersionTrimmedByANewerOneIsQueuedAsADeletedVersion() {
    var queue =
        write(
            object(new ObjectVersion(V1, 1, FIRST_BLOCK)),
            object(new ObjectVersion(V2, 2, INLINE)));

    assertThat(queue.queuedFor(VersionTable.INSTANCE)).containsExactly(deletedVersion(V1));
    assertThat(queue.tables()).containsExactly("version");
  }

  @Test
  void anUploadTrimmedByANewerCompleteVersionIsQueuedAsADeletedVersion() {
    var queue =
        write(
            object(new ObjectVersion(V1, 1, UPLOADING)),
            object(new ObjectVersion(V2, 2, DELETE_MARKER)));

    assertThat(queue.queuedFor(VersionTable.INSTANCE)).containsExactly(deletedVersion(V1));
    assertThat(queue.tables()).containsExactly("version");
  }

  @Test
  void anAbortedUploadIsQueuedAsADeletedVersion() {
    var queue =
        write(
            object(new ObjectVersion(V1, 1, UPLOADING)), object(new ObjectVersion(V1, 1, ABORTED)));

    assertThat(queue.queuedFor(VersionTable.INSTANCE)).containsExactly(deletedVersion(V1));
    assertThat(queue.tables()).containsExactly("version");
  }

  @Test
  void aLateAbortOfACompletedVersionChangesNothingAndQueuesNothing() {
    var queue =
        write(
            object(new ObjectVersion(V1, 1, FIRST_BLOCK)),
            object(new ObjectVersion(V1, 1, ABORTED)));

    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void trimmedInlineAndDeleteMarkerVersionsQueueNothingAsTheyHoldNoBlocks() {
    assertThat(
            write(
                    object(new ObjectVersion(V1, 1, INLINE)),
                    object(new ObjectVersion(V2, 2, DELETE_MARKER)))
                .isEmpty())
        .isTrue();
    assertThat(
            write(
                    object(new ObjectVersion(V1, 1, DELETE_MARKER)),
                    object(new ObjectVersion(V2, 2, FIRST_BLOCK)))
                .isEmpty())
        .isTrue();
  }

  @Test
  void abortedInlineVersionQueuesNothing() {
    assertThat(
            write(
                    object(new ObjectVersion(V1, 1, INLINE)),
                    object(new ObjectVersion(V1, 1, ABORTED)))
                .isEmpty())
        .isTrue();
  }

  @Test
  void aSinglePartUploadThatCompletesQueuesNothing() {
    var queue =
        write(
            object(new ObjectVersion(V1, 1, UPLOADING)),
            object(new ObjectVersion(V1, 1, FIRST_BLOCK)));

    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void aMultipartUploadThatCompletesQueuesItsUploadAsDeletedButKeepsItsVersion() {
    var queue =
        write(
            object(new ObjectVersion(V1, 7, MULTIPART)),
            object(new ObjectVersion(V1, 7, FIRST_BLOCK)));

    assertThat(queue.queuedFor(MultipartUploadTable.INSTANCE))
        .containsExactly(deletedUpload(V1, 7));
    assertThat(queue.tables()).containsExactly("multipart_upload");
  }

  @Test
  void anAbortedMultipartUploadQueuesItsUploadAndItsVersionAsDeleted() {
    var queue =
        write(
            object(new ObjectVersion(V1, 7, MULTIPART)), object(new ObjectVersion(V1, 7, ABORTED)));

    assertThat(queue.queuedFor(VersionTable.INSTANCE)).containsExactly(deletedVersion(V1));
    assertThat(queue.queuedFor(MultipartUploadTable.INSTANCE))
        .containsExactly(deletedUpload(V1, 7));
  }

  @Test
  void aMultipartUploadTrimmedByANewerVersionQueuesItsUploadAndItsVersionAsDeleted() {
    var queue =
        write(
            object(new ObjectVersion(V1, 7, MULTIPART)), object(new ObjectVersion(V2, 8, INLINE)));

    assertThat(queue.queuedFor(VersionTable.INSTANCE)).containsExactly(deletedVersion(V1));
    assertThat(queue.queuedFor(MultipartUploadTable.INSTANCE))
        .containsExactly(deletedUpload(V1, 7));
  }

  @Test
  void anUploadNewerThanTheCompleteVersionIsKeptAndQueuesNothing() {
    var queue =
        write(
            object(new ObjectVersion(V1, 1, FIRST_BLOCK)),
            object(new ObjectVersion(V2, 2, MULTIPART)));

    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void aNewEntryOrAnUnchangedOneQueuesNothing() {
    S3Object entry =
        object(new ObjectVersion(V1, 1, FIRST_BLOCK), new ObjectVersion(V2, 2, MULTIPART));

    assertThat(write(null, entry).isEmpty()).isTrue();
    assertThat(write(entry, entry).isEmpty()).isTrue();
    assertThat(
            write(
                    object(new ObjectVersion(V1, 1, ABORTED)),
                    object(new ObjectVersion(V1, 1, ABORTED)))
                .isEmpty())
        .isTrue();
  }

  @Provide
  Arbitrary<List<S3Object>> storedAndIncoming() {
    return ObjectHistories.replicas(2, true);
  }

  /**
   * On any reachable pair of states: a version is queued as deleted exactly when it may hold blocks
   * (uploading, or complete with a first block) and left the entry or was aborted; an upload is
   * queued as deleted exactly when its multipart version stopped uploading.
   */
  @Property(tries = 500)
  void queuesExactlyTheVersionsAndUploadsThatEnded(@ForAll("storedAndIncoming") List<S3Object> r) {
    S3Object stored = r.get(0);
    S3Object updated = TABLE.merge(stored, r.get(1));
    RecordingInsertQueue queue = new RecordingInsertQueue();

    TABLE.updated(stored, updated, queue);

    List<String> versions = new ArrayList<>();
    List<String> uploads = new ArrayList<>();
    for (ObjectVersion v : stored.versions()) {
      Optional<State> now = updated.version(v.uuid()).map(ObjectVersion::state);
      boolean ended = now.isEmpty() || now.get() instanceof State.Aborted;
      boolean mayHoldBlocks =
          v.state() instanceof State.Uploading
              || v.state() instanceof State.Complete(Data.FirstBlock f);
      if (ended && mayHoldBlocks) {
        versions.add(deletedVersion(v.uuid()));
      }
      if (v.state() instanceof State.Uploading(boolean multipart, var h)
          && multipart
          && !(now.isPresent() && now.get() instanceof State.Uploading)) {
        uploads.add(deletedUpload(v.uuid(), v.timestamp()));
      }
    }
    assertThat(queue.queuedFor(VersionTable.INSTANCE)).containsExactlyElementsOf(versions);
    assertThat(queue.queuedFor(MultipartUploadTable.INSTANCE)).containsExactlyElementsOf(uploads);
  }
}
