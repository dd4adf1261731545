package dev.remise.core.background;

/**
 * The one shape of background work (Garage's Worker): resync, scrub, table sync, GC, insert queues
 * and lifecycle all implement it, so they are supervised, throttled and reported alike.
 */
public interface Worker {

  /** Stable name shown by ListWorkers and used as a metrics tag, e.g. "block_ref GC". */
  String name();

  /**
   * Does one bounded step of work. {@link WorkerState#BUSY}: call again at once; {@link
   * WorkerState#IDLE}: wait for a wake-up or the idle interval; {@link WorkerState#DONE}: the
   * worker has finished for good.
   */
  WorkerState work() throws Exception;

  /** One line for operators: queue length, progress, last error. */
  default String status() {
    return "";
  }

  enum WorkerState {
    BUSY,
    IDLE,
    DONE
  }
}
