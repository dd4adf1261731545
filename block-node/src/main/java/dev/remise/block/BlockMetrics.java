package dev.remise.block;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The block manager's meters, under Garage's names so existing dashboards read them (Prometheus
 * adds {@code _total} to counters). Registered in this context's own registry, never the global
 * one, since several roles share the JVM.
 */
public final class BlockMetrics {
  private final Counter bytesWritten;
  private final Counter bytesRead;
  private final Counter deleted;
  private final Counter corrupted;
  private final Counter resynced;

  public BlockMetrics(MeterRegistry registry, BlockRefStore refs) {
    this.bytesWritten =
        Counter.builder("block_bytes_written")
            .description("Bytes of block data written to disk (blocks already present not counted)")
            .register(registry);
    this.bytesRead =
        Counter.builder("block_bytes_read")
            .description("Bytes of block data read from disk and verified")
            .register(registry);
    this.deleted =
        Counter.builder("block_delete_counter")
            .description("Blocks deleted from disk by GC after their reference count reached zero")
            .register(registry);
    this.corrupted =
        Counter.builder("block_corruption_counter")
            .description("Blocks found corrupt on read and renamed aside")
            .register(registry);
    this.resynced =
        Counter.builder("block_resync_counter")
            .description("Blocks fetched from another node because this node lacked them")
            .register(registry);
    Gauge.builder("block_pending_deletion", refs, BlockRefStore::pendingDeletion)
        .description("Blocks with a zero reference count, kept until the block GC delay expires")
        .register(registry);
  }

  /** Garage's resync gauges: queue length and blocks in error (RocksDB estimates). */
  public void watchResync(MeterRegistry registry, ResyncQueue queue) {
    Gauge.builder("block_resync_queue_length", queue, ResyncQueue::estimatedLength)
        .description("Blocks queued for resync (estimate)")
        .register(registry);
    Gauge.builder("block_resync_errored_blocks", queue, ResyncQueue::estimatedErrors)
        .description("Blocks whose last resync failed, retried with backoff (estimate)")
        .register(registry);
  }

  void written(long bytes) {
    bytesWritten.increment(bytes);
  }

  void read(long bytes) {
    bytesRead.increment(bytes);
  }

  void deleted() {
    deleted.increment();
  }

  void corrupted() {
    corrupted.increment();
  }

  void resynced() {
    resynced.increment();
  }
}
