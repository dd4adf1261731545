package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.datablock.DataBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrubWorkerTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
  private MetadataDb db;
  private BlockStore store;
  private final List<Hash> reported = new ArrayList<>();
  private final List<Hash> hashes = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    db = MetadataDb.open(tmp.resolve("meta"));
    store = BlockStore.open(tmp.resolve("data"), false, Optional.empty());
    Random random = new Random(2);
    for (int i = 0; i < 40; i++) {
      byte[] d = new byte[100];
      random.nextBytes(d);
      Hash h = Blake2.sum(d);
      store.write(h, new DataBlock.Plain(d));
      hashes.add(h);
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  private ScrubWorker worker(boolean automatic) {
    return new ScrubWorker(store, reported::add, db, clock, automatic, 0, new Random(1));
  }

  private int runPass(ScrubWorker w) throws Exception {
    int steps = 0;
    while (w.work() == WorkerState.BUSY) {
      steps++;
    }
    return steps;
  }

  @Test
  void aStartedPassChecksEveryBlockAndReportsAFlippedByte() throws Exception {
    Hash victim = hashes.get(7);
    Path file = store.find(victim).orElseThrow();
    byte[] b = Files.readAllBytes(file);
    b[3] ^= 1;
    Files.write(file, b);

    ScrubWorker w = worker(false);
    assertThat(w.work()).isEqualTo(WorkerState.IDLE); // not started, not automatic
    w.command(ScrubWorker.Command.START);
    assertThat(runPass(w)).isEqualTo(40);
    assertThat(reported).containsExactly(victim);
    assertThat(store.exists(victim)).isFalse();
    assertThat(w.state().running()).isFalse();
    assertThat(w.state().corruptions()).isEqualTo(1);
    assertThat(w.state().lastCompleted()).isEqualTo(clock.millis());
    assertThat(w.state().nextRun() - clock.millis())
        .isBetween(Duration.ofDays(25).toMillis(), Duration.ofDays(35).toMillis());
  }

  @Test
  void aPassStartsByItselfWhenDueAndPauseAndCancelStopIt() throws Exception {
    ScrubWorker w = worker(true);
    assertThat(w.work()).isEqualTo(WorkerState.IDLE);
    clock.advance(Duration.ofDays(36));
    assertThat(w.work()).isEqualTo(WorkerState.BUSY);
    w.command(ScrubWorker.Command.PAUSE);
    assertThat(w.work()).isEqualTo(WorkerState.IDLE);
    w.command(ScrubWorker.Command.RESUME);
    assertThat(w.work()).isEqualTo(WorkerState.BUSY);
    w.command(ScrubWorker.Command.CANCEL);
    assertThat(w.work()).isEqualTo(WorkerState.IDLE);
    assertThat(w.state().running()).isFalse();
    assertThat(w.state().lastCompleted()).isZero();
  }

  @Test
  void aPauseEndsByItselfAfter24Hours() throws Exception {
    ScrubWorker w = worker(false);
    w.command(ScrubWorker.Command.START);
    assertThat(w.work()).isEqualTo(WorkerState.BUSY);
    w.command(ScrubWorker.Command.PAUSE);
    assertThat(w.work()).isEqualTo(WorkerState.IDLE);
    clock.advance(Duration.ofHours(25));
    assertThat(w.work()).isEqualTo(WorkerState.BUSY);
  }

  @Test
  void aRestartedWorkerResumesFromItsCheckpoint() throws Exception {
    ScrubWorker w = worker(false);
    w.command(ScrubWorker.Command.START);
    for (int i = 0; i < 10; i++) {
      w.work();
    }
    clock.advance(Duration.ofMinutes(2)); // the next step saves a checkpoint
    w.work();
    ScrubWorker restarted = worker(false);
    assertThat(restarted.state().running()).isTrue();
    int rest = runPass(restarted);
    assertThat(rest).isLessThan(40).isPositive();
  }
}
