package dev.remise.core.background;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one {@link Worker} on its own virtual thread until closed. Errors are logged and throttled
 * like Garage's ({@code 1.5^min(10, n-1)} seconds after the n-th consecutive error), so a failing
 * worker neither spins nor dies.
 */
public final class WorkerRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkerRunner.class.getName());

  private final Worker worker;
  private final Duration idleInterval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean woken;
  private volatile int consecutiveErrors;
  private volatile String lastError = "";
  private volatile long lastErrorAtNanos;
  private volatile long errors;
  private volatile Worker.WorkerState lastState = Worker.WorkerState.IDLE;

  public WorkerRunner(Worker worker, Duration idleInterval) {
    this.worker = worker;
    this.idleInterval = idleInterval;
    this.thread = Thread.ofVirtual().name("worker-" + worker.name()).unstarted(this::loop);
  }

  public WorkerRunner start() {
    thread.start();
    return this;
  }

  /** Asks an idle worker to look for work now (e.g. after a write queued something). */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public Worker worker() {
    return worker;
  }

  public int consecutiveErrors() {
    return consecutiveErrors;
  }

  public String lastError() {
    return lastError;
  }

  /** Errors since start, for ListWorkers. */
  public long errors() {
    return errors;
  }

  /** Seconds since the last error, or -1 if none. */
  public long secondsSinceLastError() {
    return errors == 0 ? -1 : Duration.ofNanos(System.nanoTime() - lastErrorAtNanos).toSeconds();
  }

  /** What the last step answered: busy, idle or done (ListWorkers' state). */
  public Worker.WorkerState lastState() {
    return lastState;
  }

  private void loop() {
    while (!closed) {
      Worker.WorkerState state;
      try {
        state = worker.work();
        consecutiveErrors = 0;
        lastState = state;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        int n = ++consecutiveErrors;
        errors++;
        lastError = e.toString();
        lastErrorAtNanos = System.nanoTime();
        LOG.log(Level.WARNING, "worker " + worker.name() + " failed (" + n + " in a row)", e);
        // Not cut short by wake(): under load every write wakes the worker, and a failing peer must
        // still be retried at the throttled pace.
        sleep(Duration.ofMillis((long) (1000 * Math.pow(1.5, Math.min(10, n - 1)))), false);
        continue;
      }
      switch (state) {
        case BUSY -> {}
        case IDLE -> sleep(idleInterval, true);
        case DONE -> {
          return;
        }
      }
    }
  }

  private void sleep(Duration d, boolean wakeable) {
    lock.lock();
    try {
      long nanos = d.toNanos();
      while (!(wakeable && woken) && !closed && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
