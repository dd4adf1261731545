package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.s3.BlockRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockRefStoreTest {
  private static final Duration GC_DELAY = Duration.ofMinutes(10);

  @TempDir Path metaDir;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-13T00:00:00Z"));
  private MetadataDb db;
  private BlockRefStore refs;

  private final Hash block = Blake2.sum("block");
  private final Uuid v1 = Uuid.fromHex("11".repeat(32));
  private final Uuid v2 = Uuid.fromHex("22".repeat(32));

  @BeforeEach
  void open() throws Exception {
    db = MetadataDb.open(metaDir);
    refs = new BlockRefStore(db, clock, GC_DELAY);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static BlockRef live(Hash h, Uuid v) {
    return new BlockRef(h, v, false);
  }

  private static BlockRef deleted(Hash h, Uuid v) {
    return new BlockRef(h, v, true);
  }

  private long deadline() {
    return clock.millis() + GC_DELAY.toMillis();
  }

  @Test
  void liveReferenceCountsOne() throws Exception {
    refs.insert(List.of(live(block, v1)));

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));
  }

  @Test
  void eachVersionReferencingABlockCountsOnce() throws Exception {
    refs.insert(List.of(live(block, v1), live(block, v2)));
    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(2));

    refs.insert(List.of(deleted(block, v1)));
    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));
  }

  @Test
  void lastDereferenceMakesTheBlockDeletableAfterTheGcDelay() throws Exception {
    refs.insert(List.of(live(block, v1)));
    clock.advance(Duration.ofSeconds(5));

    int becameDeletable = refs.insert(List.of(deleted(block, v1)));

    assertThat(becameDeletable).isEqualTo(1);
    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Deletable(deadline()));
    assertThat(refs.pendingDeletion()).isEqualTo(1);
    assertThat(refs.dueForDeletion(clock.millis(), 10)).isEmpty();
    assertThat(refs.dueForDeletion(deadline(), 10))
        .containsExactly(new BlockRefStore.DueBlock(deadline(), block));
  }

  @Test
  void reinsertingTheSameEntriesIsIdempotent() throws Exception {
    refs.insert(List.of(live(block, v1)));
    refs.insert(List.of(live(block, v1), live(block, v1)));
    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));

    refs.insert(List.of(deleted(block, v1)));
    long firstDeadline = deadline();
    clock.advance(Duration.ofMinutes(3));
    int becameDeletable = refs.insert(List.of(deleted(block, v1), live(block, v1)));

    assertThat(becameDeletable).isZero();
    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Deletable(firstDeadline));
    assertThat(refs.get(block, v1)).contains(deleted(block, v1));
  }

  @Test
  void deletionWinsWhicheverOrderTheEntriesArrive() throws Exception {
    refs.insert(List.of(deleted(block, v1)));
    assertThat(refs.rc(block)).isEqualTo(RcEntry.ABSENT);

    refs.insert(List.of(live(block, v1)));

    assertThat(refs.get(block, v1)).contains(deleted(block, v1));
    assertThat(refs.rc(block)).isEqualTo(RcEntry.ABSENT);
  }

  @Test
  void newReferenceBeforeTheDelayRevivesTheBlock() throws Exception {
    refs.insert(List.of(live(block, v1)));
    refs.insert(List.of(deleted(block, v1)));
    clock.advance(Duration.ofMinutes(5));

    refs.insert(List.of(live(block, v2)));

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));
    assertThat(refs.pendingDeletion()).isZero();
  }

  @Test
  void unreferencedWriteIsHeldForTheGcDelay() throws Exception {
    assertThat(refs.holdUnreferenced(block)).isTrue();

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Deletable(deadline()));
    assertThat(refs.pendingDeletion()).isEqualTo(1);
  }

  @Test
  void rewritingAnUnreferencedBlockPushesItsDeadlineBack() throws Exception {
    refs.holdUnreferenced(block);
    clock.advance(Duration.ofMinutes(4));

    refs.holdUnreferenced(block);

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Deletable(deadline()));
    assertThat(refs.pendingDeletion()).isEqualTo(1);
  }

  @Test
  void rewritingAReferencedBlockLeavesItsCountAlone() throws Exception {
    refs.insert(List.of(live(block, v1)));

    assertThat(refs.holdUnreferenced(block)).isFalse();

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));
  }

  @Test
  void referenceArrivingAfterTheWriteCountsNormally() throws Exception {
    refs.holdUnreferenced(block);

    refs.insert(List.of(live(block, v1)));

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));
    assertThat(refs.pendingDeletion()).isZero();
  }

  @Test
  void concurrentReferencesToOneBlockAreAllCounted() throws Exception {
    int writers = 16;
    int refsPerWriter = 50;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < refsPerWriter; i++) {
                    refs.insert(List.of(live(block, Uuid.random())));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(writers * refsPerWriter));
  }

  @Test
  void countsAndPendingDeletionsSurviveARestart() throws Exception {
    Hash other = Blake2.sum("other block");
    refs.insert(List.of(live(block, v1), live(other, v1)));
    refs.insert(List.of(deleted(other, v1)));
    db.close();

    db = MetadataDb.open(metaDir);
    refs = new BlockRefStore(db, clock, GC_DELAY);

    assertThat(refs.rc(block)).isEqualTo(new RcEntry.Present(1));
    assertThat(refs.rc(other)).isEqualTo(new RcEntry.Deletable(deadline()));
    assertThat(refs.pendingDeletion()).isEqualTo(1);
  }
}
