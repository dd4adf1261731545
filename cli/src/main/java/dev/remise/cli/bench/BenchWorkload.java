package dev.remise.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The benchmark's load, in the manner of {@code warp}: {@code concurrency} workers (virtual
 * threads) each send one request after another, the kind drawn from the {@link Mix}, for a
 * duration, or until {@code count} operations were issued, whichever comes first.
 *
 * <ol>
 *   <li>{@link #prepare}: when the mix reads objects (GET, HEAD, LIST, DELETE), PUT {@code objects}
 *       of them first. Not measured.
 *   <li>{@link #run}: a warm-up phase (not measured, same load), then the measured phase. Requests
 *       still in flight when the time is up complete and count; the elapsed time runs until the
 *       last one ends, so MB/s is bytes over wall time.
 *   <li>{@link #cleanup}: list the run's prefix and delete what is there. Not measured.
 * </ol>
 *
 * <p>Objects are {@code <prefix>o<n>}, new to the bucket; PUT always writes a new object. A {@link
 * KeyPool} keeps GET and HEAD off objects being deleted, so a healthy store gives no error. When
 * GET, HEAD or DELETE finds no object left, the operation becomes a PUT if the mix has PUTs, else
 * the run stops ({@link StopReason#OBJECTS}: a delete-only run ends when every prepared object is
 * gone).
 */
public final class BenchWorkload {
  /** At most this many distinct error messages are kept; the rest are counted together. */
  static final int MAX_ERROR_MESSAGES = 20;

  public enum StopReason {
    DURATION,
    COUNT,
    OBJECTS
  }

  /**
   * @param count operations to issue at most in the measured phase; 0 for no limit
   * @param objects objects prepared for GET, HEAD, LIST and DELETE
   * @param prefix key prefix of the run's objects, e.g. {@code bench/1a2b3c4d/}
   * @param listMaxKeys keys per ListObjectsV2 page
   */
  public record Settings(
      Mix mix,
      long size,
      int concurrency,
      Duration duration,
      long count,
      int objects,
      Duration warmup,
      String prefix,
      int listMaxKeys) {
    public Settings {
      if (size < 0 || concurrency < 1 || count < 0 || objects < 0 || listMaxKeys < 1) {
        throw new IllegalArgumentException(
            "size, count and objects must not be negative; concurrency and listMaxKeys positive");
      }
      if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
        throw new IllegalArgumentException("the duration must be positive, the warm-up not < 0");
      }
      if (mix.readsObjects() && objects < 1 && mix.weight(OpKind.PUT) == 0) {
        throw new IllegalArgumentException(mix + " needs objects to read or delete");
      }
    }
  }

  /** A snapshot for the progress line. */
  public record Progress(
      String phase, long elapsedNanos, long operations, long errors, long bytes) {}

  /**
   * The measured phase.
   *
   * @param stats per kind of the mix, in the order of {@link OpKind}
   * @param errors error message to occurrences, most frequent first
   */
  public record Result(
      List<OpStats> stats,
      long elapsedNanos,
      StopReason stoppedBy,
      Map<String, Long> errors,
      int objectsPrepared) {}

  /** What {@link #cleanup} did. */
  public record Cleanup(long deleted, long failed) {}

  private final Settings settings;
  private final S3Target target;
  private final Payload payload;
  private final LongSupplier nanoTime;
  private final KeyPool pool = new KeyPool();
  private final AtomicLong nextObject = new AtomicLong();
  private final SplittableRandom seeds;
  private final boolean poolPuts;
  private volatile Phase current;
  private int prepared;

  /**
   * @param seed drives the kinds drawn and the objects chosen
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  public BenchWorkload(
      Settings settings, S3Target target, Payload payload, long seed, LongSupplier nanoTime) {
    this.settings = settings;
    this.target = target;
    this.payload = payload;
    this.nanoTime = nanoTime;
    this.seeds = new SplittableRandom(seed);
    // A PUT-only run never reads what it wrote: remembering its keys would only cost memory.
    this.poolPuts = settings.mix().readsObjects();
  }

  /** PUTs the objects the mix reads; throws if any PUT fails (the run would measure errors). */
  public void prepare() throws Exception {
    if (!settings.mix().readsObjects() || settings.objects() == 0) {
      return;
    }
    target.ensureBucket();
    int n = settings.objects();
    Phase phase = new Phase("prepare", Long.MAX_VALUE, n);
    current = phase;
    AtomicLong next = new AtomicLong();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < Math.min(settings.concurrency(), n); w++) {
        workers.submit(
            () -> {
              while (next.getAndIncrement() < n && phase.errorCount.sum() == 0) {
                put(phase);
              }
            });
      }
    }
    if (phase.errorCount.sum() > 0) {
      throw new IllegalStateException(
          "could not prepare " + n + " objects: " + phase.errors.keySet().iterator().next());
    }
    prepared = n;
  }

  /** The warm-up, if any, then the measured phase. Call {@link #prepare} first. */
  public Result run() throws Exception {
    if (!settings.mix().readsObjects()) {
      target.ensureBucket();
    }
    if (!settings.warmup().isZero()) {
      runPhase(new Phase("warm-up", settings.warmup().toNanos(), 0));
    }
    Phase measured = new Phase("run", settings.duration().toNanos(), settings.count());
    runPhase(measured);
    List<OpStats> stats = new ArrayList<>();
    for (OpStats s : measured.stats.values()) {
      if (settings.mix().weight(s.kind()) > 0 || s.ok() + s.errors() > 0) {
        stats.add(s);
      }
    }
    Map<String, Long> errors = new LinkedHashMap<>();
    measured.errors.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .forEach(e -> errors.put(e.getKey(), e.getValue().sum()));
    return new Result(
        stats,
        measured.ended - measured.start,
        measured.stop.get() == null ? StopReason.DURATION : measured.stop.get(),
        errors,
        prepared);
  }

  /** Deletes every object under the run's prefix, listing page by page. Not measured. */
  public Cleanup cleanup() {
    Phase phase = new Phase("clean-up", Long.MAX_VALUE, 0);
    current = phase;
    long deleted = 0;
    long failed = 0;
    while (true) {
      List<String> page;
      try {
        page = target.list(settings.prefix(), 1000);
      } catch (Exception e) {
        return new Cleanup(deleted, failed + 1);
      }
      if (page.isEmpty()) {
        return new Cleanup(deleted, failed);
      }
      LongAdder ok = new LongAdder();
      AtomicLong next = new AtomicLong();
      try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < Math.min(settings.concurrency(), page.size()); w++) {
          workers.submit(
              () -> {
                for (long i; (i = next.getAndIncrement()) < page.size(); ) {
                  try {
                    target.delete(page.get((int) i));
                    ok.increment();
                    phase.stats(OpKind.DELETE).success(0, 0);
                  } catch (Exception e) {
                    phase.stats(OpKind.DELETE).error();
                  }
                }
              });
        }
      }
      deleted += ok.sum();
      failed += page.size() - ok.sum();
      if (ok.sum() == 0) {
        // No progress: the same page would come back forever.
        return new Cleanup(deleted, failed);
      }
    }
  }

  public Progress progress() {
    Phase p = current;
    if (p == null) {
      return new Progress("starting", 0, 0, 0, 0);
    }
    long ops = 0;
    long errs = 0;
    long bytes = 0;
    for (OpStats s : p.stats.values()) {
      ops += s.ok();
      errs += s.errors();
      bytes += s.bytes();
    }
    long end = p.ended != 0 ? p.ended : nanoTime.getAsLong();
    return new Progress(p.name, end - p.start, ops + errs, errs, bytes);
  }

  private void runPhase(Phase phase) {
    current = phase;
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < settings.concurrency(); w++) {
        SplittableRandom random = seeds.split();
        workers.submit(() -> work(phase, random));
      }
    }
    phase.ended = nanoTime.getAsLong();
  }

  private void work(Phase phase, SplittableRandom random) {
    Mix mix = settings.mix();
    while (!Thread.currentThread().isInterrupted()) {
      if (nanoTime.getAsLong() - phase.start >= phase.durationNanos) {
        phase.stop(StopReason.DURATION);
        return;
      }
      if (phase.stop.get() != null) {
        return;
      }
      if (phase.count > 0 && phase.issued.getAndIncrement() >= phase.count) {
        phase.stop(StopReason.COUNT);
        return;
      }
      if (!execute(mix.choose(random.nextInt(mix.total())), phase, random)) {
        phase.stop(StopReason.OBJECTS);
        return;
      }
    }
  }

  /** One operation; false when it needs an object and none is left. */
  private boolean execute(OpKind kind, Phase phase, SplittableRandom random) {
    switch (kind) {
      case PUT -> put(phase);
      case GET, HEAD -> {
        String key = pool.acquire(random);
        if (key == null) {
          return putInstead(phase);
        }
        try {
          if (kind == OpKind.GET) {
            get(phase, key);
          } else {
            timed(phase, OpKind.HEAD, () -> target.head(key), 0);
          }
        } finally {
          pool.release(key);
        }
      }
      case LIST ->
          timed(
              phase, OpKind.LIST, () -> target.list(settings.prefix(), settings.listMaxKeys()), 0);
      case DELETE -> {
        String key;
        while ((key = pool.takeForDelete(random)) == null) {
          if (pool.size() == 0) {
            return putInstead(phase);
          }
          // Every remaining object is being read: wait for a reader to finish.
          Thread.yield();
        }
        String k = key;
        timed(phase, OpKind.DELETE, () -> target.delete(k), 0);
      }
    }
    return true;
  }

  private boolean putInstead(Phase phase) {
    if (settings.mix().weight(OpKind.PUT) == 0) {
      return false;
    }
    put(phase);
    return true;
  }

  private void put(Phase phase) {
    long index = nextObject.getAndIncrement();
    String key = key(index);
    long size = settings.size();
    if (timed(phase, OpKind.PUT, () -> target.put(key, size, () -> payload.open(index, size)), size)
        && poolPuts) {
      pool.add(key);
    }
  }

  private void get(Phase phase, String key) {
    OpStats stats = phase.stats(OpKind.GET);
    long start = nanoTime.getAsLong();
    try {
      long n = target.get(key, () -> stats.firstByte(nanoTime.getAsLong() - start));
      if (n != settings.size()) {
        throw new IllegalStateException(
            "GET returned " + n + " bytes, " + settings.size() + " expected");
      }
      stats.success(nanoTime.getAsLong() - start, n);
    } catch (Exception e) {
      stats.error();
      phase.error(OpKind.GET, e);
    }
  }

  private interface Request {
    void send() throws Exception;
  }

  private boolean timed(Phase phase, OpKind kind, Request request, long bytes) {
    OpStats stats = phase.stats(kind);
    long start = nanoTime.getAsLong();
    try {
      request.send();
      stats.success(nanoTime.getAsLong() - start, bytes);
      return true;
    } catch (Exception e) {
      stats.error();
      phase.error(kind, e);
      return false;
    }
  }

  String key(long index) {
    return settings.prefix() + "o" + index;
  }

  /** An exception as a short line: its class and message, e.g. {@code S3Exception: ...}. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message != null) {
      message = message.lines().findFirst().orElse("");
      if (message.length() > 200) {
        message = message.substring(0, 200) + "...";
      }
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private final class Phase {
    final String name;
    final long start = nanoTime.getAsLong();
    final long durationNanos;
    final long count;
    final AtomicLong issued = new AtomicLong();
    final AtomicReference<StopReason> stop = new AtomicReference<>();
    final Map<OpKind, OpStats> stats = new EnumMap<>(OpKind.class);
    final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder errorCount = new LongAdder();
    volatile long ended;

    Phase(String name, long durationNanos, long count) {
      this.name = name;
      this.durationNanos = durationNanos;
      this.count = count;
      for (OpKind k : OpKind.values()) {
        if (settings.mix().weight(k) > 0 || k == OpKind.PUT || k == OpKind.DELETE) {
          stats.put(k, new OpStats(k));
        }
      }
    }

    OpStats stats(OpKind kind) {
      return stats.get(kind);
    }

    void stop(StopReason reason) {
      stop.compareAndSet(null, reason);
    }

    void error(OpKind kind, Exception e) {
      errorCount.increment();
      String message = kind + " " + describe(e);
      LongAdder n = errors.get(message);
      if (n == null && errors.size() >= MAX_ERROR_MESSAGES) {
        message = "other errors";
      }
      errors.computeIfAbsent(message, m -> new LongAdder()).increment();
    }
  }
}
