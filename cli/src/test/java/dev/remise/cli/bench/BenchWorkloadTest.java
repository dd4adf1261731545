package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BenchWorkloadTest {

  /** A bucket in memory that fails a request on an object that is not there. */
  static final class MemoryTarget implements S3Target {
    final Map<String, Long> objects = new ConcurrentHashMap<>();
    final ConcurrentSkipListSet<String> keys = new ConcurrentSkipListSet<>();
    final AtomicInteger bucketChecks = new AtomicInteger();
    volatile boolean failPuts;

    @Override
    public void ensureBucket() {
      bucketChecks.incrementAndGet();
    }

    @Override
    public void put(String key, long length, Supplier<InputStream> body) throws Exception {
      if (failPuts) {
        throw new IllegalStateException("HTTP 503");
      }
      long n = body.get().transferTo(java.io.OutputStream.nullOutputStream());
      if (n != length) {
        throw new IllegalStateException("body of " + n + " bytes");
      }
      objects.put(key, n);
      keys.add(key);
    }

    @Override
    public long get(String key, Runnable firstByte) {
      Long n = objects.get(key);
      if (n == null) {
        throw new IllegalStateException("NoSuchKey " + key);
      }
      firstByte.run();
      return n;
    }

    @Override
    public void head(String key) {
      if (!objects.containsKey(key)) {
        throw new IllegalStateException("NoSuchKey " + key);
      }
    }

    @Override
    public List<String> list(String prefix, int maxKeys) {
      return keys.stream().filter(k -> k.startsWith(prefix)).limit(maxKeys).toList();
    }

    @Override
    public void delete(String key) {
      if (objects.remove(key) == null) {
        throw new IllegalStateException("NoSuchKey " + key);
      }
      keys.remove(key);
    }
  }

  private static BenchWorkload.Settings settings(
      Mix mix, Duration duration, long count, int objects) {
    return new BenchWorkload.Settings(
        mix, 10_000, 4, duration, count, objects, Duration.ZERO, "bench/test/", 100);
  }

  private static BenchWorkload workload(BenchWorkload.Settings s, S3Target target) {
    return new BenchWorkload(s, target, Payload.random(1, s.size()), 42, System::nanoTime);
  }

  @Test
  void aPutRunStopsAtTheCountAndCleanUpDeletesWhatItWrote() throws Exception {
    MemoryTarget target = new MemoryTarget();
    BenchWorkload w =
        workload(settings(Mix.only(OpKind.PUT), Duration.ofMinutes(1), 50, 0), target);
    w.prepare();
    assertThat(target.objects).isEmpty();
    BenchWorkload.Result r = w.run();
    assertThat(r.stoppedBy()).isEqualTo(BenchWorkload.StopReason.COUNT);
    assertThat(r.stats()).extracting(OpStats::kind).containsExactly(OpKind.PUT);
    assertThat(r.stats().getFirst().ok()).isEqualTo(50);
    assertThat(r.stats().getFirst().bytes()).isEqualTo(500_000);
    assertThat(target.objects)
        .hasSize(50)
        .allSatisfy((k, v) -> assertThat(k).startsWith("bench/test/o"));
    assertThat(target.bucketChecks).hasValue(1);
    assertThat(w.cleanup()).isEqualTo(new BenchWorkload.Cleanup(50, 0));
    assertThat(target.objects).isEmpty();
  }

  @Test
  void aGetRunReadsPreparedObjectsUntilTheDuration() throws Exception {
    MemoryTarget target = new MemoryTarget();
    BenchWorkload w =
        workload(settings(Mix.only(OpKind.GET), Duration.ofMillis(200), 0, 8), target);
    w.prepare();
    assertThat(target.objects).hasSize(8);
    BenchWorkload.Result r = w.run();
    assertThat(r.stoppedBy()).isEqualTo(BenchWorkload.StopReason.DURATION);
    assertThat(r.elapsedNanos()).isGreaterThanOrEqualTo(200_000_000L);
    assertThat(r.objectsPrepared()).isEqualTo(8);
    OpStats get = r.stats().getFirst();
    assertThat(get.kind()).isEqualTo(OpKind.GET);
    assertThat(get.ok()).isPositive();
    assertThat(get.errors()).isZero();
    assertThat(get.bytes()).isEqualTo(get.ok() * 10_000);
    assertThat(w.progress().phase()).isEqualTo("run");
  }

  @Test
  void aDeleteRunEndsWhenNoObjectIsLeft() throws Exception {
    MemoryTarget target = new MemoryTarget();
    BenchWorkload w =
        workload(settings(Mix.only(OpKind.DELETE), Duration.ofMinutes(1), 0, 30), target);
    w.prepare();
    BenchWorkload.Result r = w.run();
    assertThat(r.stoppedBy()).isEqualTo(BenchWorkload.StopReason.OBJECTS);
    assertThat(r.stats().getFirst().ok()).isEqualTo(30);
    assertThat(r.errors()).isEmpty();
    assertThat(target.objects).isEmpty();
  }

  @Test
  void aMixedRunNeverReadsWhatItDeleted() throws Exception {
    MemoryTarget target = new MemoryTarget();
    // Heavy on deletes, few objects: reads and deletes of one key race all the time.
    Mix mix = Mix.parse("get=30,head=30,delete=30,put=10,list=1");
    BenchWorkload w =
        workload(
            new BenchWorkload.Settings(
                mix,
                100,
                16,
                Duration.ofMinutes(1),
                5_000,
                4,
                Duration.ofMillis(50),
                "bench/m/",
                10),
            target);
    w.prepare();
    BenchWorkload.Result r = w.run();
    assertThat(r.errors()).isEmpty();
    assertThat(r.stoppedBy()).isEqualTo(BenchWorkload.StopReason.COUNT);
    long total = r.stats().stream().mapToLong(s -> s.ok() + s.errors()).sum();
    assertThat(total).isEqualTo(5_000);
    assertThat(r.stats())
        .extracting(OpStats::kind)
        .containsExactly(OpKind.PUT, OpKind.GET, OpKind.HEAD, OpKind.LIST, OpKind.DELETE);
    w.cleanup();
    assertThat(target.objects).isEmpty();
  }

  @Test
  void failuresAreCountedWithTheirMessage() throws Exception {
    MemoryTarget target = new MemoryTarget();
    target.failPuts = true;
    BenchWorkload w =
        workload(settings(Mix.only(OpKind.PUT), Duration.ofMinutes(1), 10, 0), target);
    BenchWorkload.Result r = w.run();
    assertThat(r.stats().getFirst().errors()).isEqualTo(10);
    assertThat(r.stats().getFirst().ok()).isZero();
    assertThat(r.errors()).containsExactly(Map.entry("PUT IllegalStateException: HTTP 503", 10L));
  }

  @Test
  void aFailedPrepareStopsTheRun() {
    MemoryTarget target = new MemoryTarget();
    target.failPuts = true;
    BenchWorkload w =
        workload(settings(Mix.only(OpKind.GET), Duration.ofMinutes(1), 10, 5), target);
    org.assertj.core.api.Assertions.assertThatThrownBy(w::prepare)
        .hasMessageContaining("could not prepare 5 objects")
        .hasMessageContaining("HTTP 503");
  }
}
