package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.block.ResyncQueue.ErrorRecord;
import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResyncQueueTest {
  @TempDir Path dir;
  private MetadataDb db;
  private ResyncQueue queue;

  @BeforeEach
  void open() throws Exception {
    db = MetadataDb.open(dir);
    queue = new ResyncQueue(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void entriesComeOutEarliestFirst() throws Exception {
    Hash a = Blake2.sum("a");
    Hash b = Blake2.sum("b");
    queue.schedule(a, 2_000);
    queue.schedule(b, 1_000);
    assertThat(queue.peek(10))
        .containsExactly(new ResyncQueue.Entry(1_000, b), new ResyncQueue.Entry(2_000, a));
    queue.remove(new ResyncQueue.Entry(1_000, b));
    assertThat(queue.peek(10)).extracting(ResyncQueue.Entry::hash).containsExactly(a);
    assertThat(queue.clear()).isEqualTo(1);
    assertThat(queue.peek(10)).isEmpty();
  }

  @Test
  void backoffDoublesFromOneMinuteUpTo64() throws Exception {
    Hash h = Blake2.sum("h");
    long[] expectedMinutes = {1, 2, 4, 8, 16, 32, 64, 64, 64};
    for (long minutes : expectedMinutes) {
      ErrorRecord r = queue.recordFailure(h, 10_000);
      assertThat(r.nextTry() - 10_000).isEqualTo(minutes * 60_000);
    }
    assertThat(queue.errors(10)).extracting(ErrorRecord::hash).containsExactly(h);
    queue.clearError(h);
    assertThat(queue.error(h)).isEmpty();
  }

  @Test
  void retryNowMakesABlockInErrorDueAtOnce() throws Exception {
    Hash h = Blake2.sum("h");
    queue.recordFailure(h, 50_000);
    assertThat(queue.retryNow(List.of(h, Blake2.sum("not in error")), 60_000)).isEqualTo(1);
    assertThat(queue.error(h).orElseThrow().nextTry()).isLessThanOrEqualTo(60_000);
    assertThat(queue.peek(10)).containsExactly(new ResyncQueue.Entry(60_000, h));
  }
}
