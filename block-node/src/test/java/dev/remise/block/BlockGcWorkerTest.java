package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.datablock.DataBlock;
import dev.remise.model.s3.BlockRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deferred deletion end to end: blocks written and referenced through BlockManager, then GC. */
class BlockGcWorkerTest {
  private static final Duration GC_DELAY = Duration.ofMinutes(10);

  @TempDir Path dataDir;
  @TempDir Path metaDir;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-13T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger wakeUps = new AtomicInteger();
  private MetadataDb db;
  private BlockStore store;
  private BlockRefStore refs;
  private BlockManager blocks;
  private BlockGcWorker gc;

  private final byte[] data = "some block".getBytes(StandardCharsets.UTF_8);
  private final Hash block = Blake2.sum(data);
  private final Uuid v1 = Uuid.fromHex("11".repeat(32));
  private final Uuid v2 = Uuid.fromHex("22".repeat(32));

  @BeforeEach
  void open() throws Exception {
    db = MetadataDb.open(metaDir);
    store = BlockStore.open(dataDir, false, Optional.empty());
    refs = new BlockRefStore(db, clock, GC_DELAY);
    BlockMetrics metrics = new BlockMetrics(registry, refs);
    blocks =
        new BlockManager(
            store,
            refs,
            new ResyncQueue(db),
            metrics,
            clock,
            Duration.ofMinutes(10),
            wakeUps::incrementAndGet,
            () -> {});
    gc = new BlockGcWorker(refs, store, metrics, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private double deletedCount() {
    return registry.get("block_delete_counter").counter().count();
  }

  @Test
  void dereferencedBlockIsDeletedOnlyAfterTheGcDelay() throws Exception {
    blocks.putBlock(block, new DataBlock.Plain(data));
    blocks.insertRefs(List.of(new BlockRef(block, v1, false)));
    blocks.insertRefs(List.of(new BlockRef(block, v1, true)));

    clock.advance(GC_DELAY.minusSeconds(1));
    assertThat(gc.work()).isEqualTo(WorkerState.IDLE);
    assertThat(store.exists(block)).isTrue();

    clock.advance(Duration.ofSeconds(1));
    gc.work();

    assertThat(store.exists(block)).isFalse();
    assertThat(refs.rc(block)).isEqualTo(RcEntry.ABSENT);
    assertThat(refs.pendingDeletion()).isZero();
    assertThat(deletedCount()).isEqualTo(1);
  }

  @Test
  void blockReferencedAgainBeforeTheDelayIsKept() throws Exception {
    blocks.putBlock(block, new DataBlock.Plain(data));
    blocks.insertRefs(List.of(new BlockRef(block, v1, false)));
    blocks.insertRefs(List.of(new BlockRef(block, v1, true)));
    clock.advance(Duration.ofMinutes(9));
    blocks.insertRefs(List.of(new BlockRef(block, v2, false)));

    clock.advance(GC_DELAY.multipliedBy(2));
    gc.work();

    assertThat(store.exists(block)).isTrue();
    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));
    assertThat(refs.dueForDeletion(clock.millis(), 10)).isEmpty();
    assertThat(deletedCount()).isZero();
  }

  @Test
  void blockWhoseReferenceNeverArrivesIsCollectedAfterTheDelay() throws Exception {
    blocks.putBlock(block, new DataBlock.Plain(data));

    clock.advance(GC_DELAY.minusSeconds(1));
    gc.work();
    assertThat(store.exists(block)).isTrue();

    clock.advance(Duration.ofSeconds(1));
    gc.work();
    assertThat(store.exists(block)).isFalse();
    assertThat(refs.rc(block)).isEqualTo(RcEntry.ABSENT);
  }

  @Test
  void retriedUploadPostponesCollectionOfAnUnreferencedBlock() throws Exception {
    blocks.putBlock(block, new DataBlock.Plain(data));
    clock.advance(Duration.ofMinutes(8));
    blocks.putBlock(block, new DataBlock.Plain(data));

    clock.advance(Duration.ofMinutes(5));
    gc.work();
    assertThat(store.exists(block)).isTrue();

    clock.advance(Duration.ofMinutes(5));
    gc.work();
    assertThat(store.exists(block)).isFalse();
  }

  @Test
  void referencedBlockIsNeverCollected() throws Exception {
    blocks.putBlock(block, new DataBlock.Plain(data));
    blocks.insertRefs(List.of(new BlockRef(block, v1, false)));

    clock.advance(GC_DELAY.multipliedBy(3));
    gc.work();

    assertThat(store.exists(block)).isTrue();
  }

  @Test
  void gcIsWokenWhenABlockBecomesDeletable() throws Exception {
    blocks.insertRefs(List.of(new BlockRef(block, v1, false)));
    int before = wakeUps.get();

    blocks.insertRefs(List.of(new BlockRef(block, v1, true)));

    assertThat(wakeUps.get()).isEqualTo(before + 1);
  }

  @Test
  void pendingDeletionGaugeFollowsTheCounts() throws Exception {
    blocks.putBlock(block, new DataBlock.Plain(data));
    assertThat(registry.get("block_pending_deletion").gauge().value()).isEqualTo(1);

    blocks.insertRefs(List.of(new BlockRef(block, v1, false)));
    assertThat(registry.get("block_pending_deletion").gauge().value()).isZero();
  }
}
