package dev.remise.model.s3;

import static dev.remise.model.ModelArbitraries.hash;
import static dev.remise.model.ModelArbitraries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.CrdtLaws;
import dev.remise.model.ObjectHistories;
import dev.remise.model.RecordingInsertQueue;
import org.junit.jupiter.api.Test;

/** Step 2 of the deletion cascade: a version that becomes deleted drops its block references. */
class VersionTableUpdatedTest {
  private static final VersionTable TABLE = VersionTable.INSTANCE;
  private static final Uuid UUID = uuid(0x5e);
  private static final Version.Backlink BACKLINK =
      new Version.Backlink.Object(ObjectHistories.BUCKET, ObjectHistories.KEY);

  /** Two parts; the same block content appears twice. */
  private static final Version LIVE =
      Version.empty(UUID, BACKLINK)
          .withBlock(new Version.BlockKey(1, 0), new Version.Block(hash(1), 10))
          .withBlock(new Version.BlockKey(1, 10), new Version.Block(hash(2), 10))
          .withBlock(new Version.BlockKey(2, 0), new Version.Block(hash(1), 10));

  private static RecordingInsertQueue write(Version stored, Version incoming) {
    RecordingInsertQueue queue = new RecordingInsertQueue();
    TABLE.updated(stored, stored == null ? incoming : TABLE.merge(stored, incoming), queue);
    return queue;
  }

  private static String deletedRef(Hash block) {
    return CrdtLaws.hex(BlockRefTable.INSTANCE, new BlockRef(block, UUID, true));
  }

  @Test
  void aVersionThatBecomesDeletedQueuesADeletedBlockRefForEveryBlock() {
    var queue = write(LIVE, Version.deleted(UUID, BACKLINK));

    assertThat(queue.queuedFor(BlockRefTable.INSTANCE))
        .containsExactly(deletedRef(hash(1)), deletedRef(hash(2)), deletedRef(hash(1)));
    assertThat(queue.tables()).containsOnly("block_ref");
  }

  @Test
  void aVersionAlreadyDeletedQueuesNothing() {
    Version deleted = Version.deleted(UUID, BACKLINK);

    assertThat(write(deleted, deleted).isEmpty()).isTrue();
    assertThat(write(deleted, LIVE).isEmpty()).isTrue();
  }

  @Test
  void aLiveVersionThatGainsBlocksQueuesNothing() {
    Version more = LIVE.withBlock(new Version.BlockKey(3, 0), new Version.Block(hash(3), 10));

    assertThat(write(LIVE, more).isEmpty()).isTrue();
  }

  @Test
  void aVersionFirstSeenDeletedQueuesNothingAsItHasNoKnownBlocks() {
    assertThat(write(null, Version.deleted(UUID, BACKLINK)).isEmpty()).isTrue();
  }
}
