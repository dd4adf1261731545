package dev.remise.core.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerRunnerTest {

  @Test
  void anIdleWorkerRunsAgainAsSoonAsItIsWoken() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch second = new CountDownLatch(2);
    Worker w =
        new Worker() {
          @Override
          public String name() {
            return "idle";
          }

          @Override
          public WorkerState work() {
            runs.incrementAndGet();
            second.countDown();
            return WorkerState.IDLE;
          }
        };
    try (WorkerRunner r = new WorkerRunner(w, Duration.ofHours(1)).start()) {
      while (runs.get() == 0) {
        Thread.sleep(5);
      }
      r.wake();
      assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aFailingWorkerIsThrottledEvenWhenWokenRepeatedly() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Worker w =
        new Worker() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public WorkerState work() {
            runs.incrementAndGet();
            throw new IllegalStateException("peer down");
          }
        };
    try (WorkerRunner r = new WorkerRunner(w, Duration.ofMillis(1)).start()) {
      while (runs.get() == 0) {
        Thread.sleep(5);
      }
      // After the first failure the runner waits 1 s (1.5^0); wake-ups must not shorten that.
      for (int i = 0; i < 40; i++) {
        r.wake();
        Thread.sleep(10);
      }
      assertThat(runs.get()).isEqualTo(1);
      assertThat(r.consecutiveErrors()).isEqualTo(1);
      assertThat(r.lastError()).contains("peer down");
    }
  }

  @Test
  void aDoneWorkerStops() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Worker w =
        new Worker() {
          @Override
          public String name() {
            return "done";
          }

          @Override
          public WorkerState work() {
            runs.incrementAndGet();
            return WorkerState.DONE;
          }
        };
    try (WorkerRunner r = new WorkerRunner(w, Duration.ofMillis(1)).start()) {
      Thread.sleep(200);
      r.wake();
      Thread.sleep(50);
      assertThat(runs.get()).isEqualTo(1);
    }
  }
}
