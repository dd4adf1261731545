package dev.remise.block;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Garage's runtime worker variables for resync, changed without a restart ({@code
 * SetWorkerVariable}): {@code resync-worker-count} (1 to {@value #MAX_WORKERS}, default 1) and
 * {@code resync-tranquility} (≥ 0, default 2).
 */
public final class ResyncTunables {
  public static final int MAX_WORKERS = 8;

  private final AtomicInteger workerCount;
  private final AtomicInteger tranquility;

  public ResyncTunables(int workerCount, int tranquility) {
    this.workerCount = new AtomicInteger();
    this.tranquility = new AtomicInteger();
    setWorkerCount(workerCount);
    setTranquility(tranquility);
  }

  public int workerCount() {
    return workerCount.get();
  }

  public int tranquility() {
    return tranquility.get();
  }

  public void setWorkerCount(int n) {
    if (n < 1 || n > MAX_WORKERS) {
      throw new IllegalArgumentException(
          "resync-worker-count must be between 1 and " + MAX_WORKERS + ", got " + n);
    }
    workerCount.set(n);
  }

  public void setTranquility(int t) {
    if (t < 0) {
      throw new IllegalArgumentException("resync-tranquility must not be negative, got " + t);
    }
    tranquility.set(t);
  }
}
