package dev.remise.cli.check;

import dev.remise.cli.check.Operation.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The load of the read-after-write check: {@code clients} concurrent clients (virtual threads)
 * read, write and delete {@code keys} keys, each client going through the gateways in turn, until
 * {@code operations} have been issued or {@code maxDuration} has passed, whichever comes first.
 * Every operation is recorded in a {@link History} with its interval and result.
 *
 * <p>Each operation is a GET (50%), a PUT of a value unique to the run (45%: {@code
 * <run>-c<client>-<seq>}) or a DELETE (5%), on a key drawn uniformly. The keys live under {@code
 * read-after-write/<run>/}, new to the store, so the initial state of every key is absent. A client
 * interrupted mid-request records that request as failed: a write whose outcome is unknown must
 * never be left out, or a read of its value would look like corruption.
 *
 * <p>The load is bounded twice: no more than {@code operations} in total, and no new operation
 * after {@code maxDuration}; the last ones end within the gateways' request timeout. With a {@code
 * rate}, each client waits for its turn in a schedule of one operation every 1/rate s before the
 * operation starts, so the wait never widens an operation's recorded interval (which would make the
 * check more lenient).
 */
public final class ReadAfterWriteWorkload {

  /**
   * @param seed drives the run id, the keys chosen and the operation mix
   * @param rate operations per second at most, all clients together; 0 for no limit
   */
  public record Settings(
      int clients, int keys, long operations, Duration maxDuration, long seed, double rate) {
    public Settings {
      if (clients < 1 || keys < 1 || operations < 1) {
        throw new IllegalArgumentException("clients, keys and operations must be at least 1");
      }
      if (maxDuration.isNegative() || maxDuration.isZero()) {
        throw new IllegalArgumentException("the maximum duration must be positive");
      }
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("the rate is a number of operations per second, or 0");
      }
    }

    /** As fast as the clients go. */
    public Settings(int clients, int keys, long operations, Duration maxDuration, long seed) {
      this(clients, keys, operations, maxDuration, seed, 0);
    }
  }

  /**
   * What a run did.
   *
   * @param keyPrefix under which its keys were written
   * @param stoppedByDuration whether {@code maxDuration} ended it before {@code operations} were
   *     issued
   */
  public record Run(
      String runId,
      String keyPrefix,
      List<Operation> operations,
      Duration elapsed,
      boolean stoppedByDuration) {
    public Run {
      operations = List.copyOf(operations);
    }
  }

  private final Settings settings;
  private final List<Gateway> gateways;
  private final LongSupplier nanoTime;

  /**
   * @param nanoTime the one monotonic clock every client reads ({@code System::nanoTime})
   */
  public ReadAfterWriteWorkload(Settings settings, List<Gateway> gateways, LongSupplier nanoTime) {
    if (gateways.isEmpty()) {
      throw new IllegalArgumentException("at least one gateway");
    }
    this.settings = settings;
    this.gateways = List.copyOf(gateways);
    this.nanoTime = nanoTime;
  }

  public Run run() {
    SplittableRandom seeds = new SplittableRandom(settings.seed());
    byte[] id = new byte[4];
    seeds.nextBytes(id);
    String runId = HexFormat.of().formatHex(id);
    String prefix = "read-after-write/" + runId + "/";
    List<String> keys = new ArrayList<>(settings.keys());
    int width = Integer.toString(settings.keys() - 1).length();
    for (int i = 0; i < settings.keys(); i++) {
      keys.add(prefix + "k" + String.format("%0" + width + "d", i));
    }

    History history = new History(nanoTime);
    long deadline = settings.maxDuration().toNanos();
    AtomicLong issued = new AtomicLong();
    AtomicBoolean outOfTime = new AtomicBoolean();
    AtomicLong nextTurn = new AtomicLong();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < settings.clients(); c++) {
        int client = c;
        SplittableRandom random = seeds.split();
        clients.submit(
            () ->
                runClient(
                    client, random, runId, keys, history, deadline, issued, outOfTime, nextTurn));
      }
    }
    return new Run(
        runId,
        prefix,
        history.operations(),
        Duration.ofNanos(history.now()),
        outOfTime.get() && issued.get() < settings.operations());
  }

  private void runClient(
      int client,
      SplittableRandom random,
      String runId,
      List<String> keys,
      History history,
      long deadline,
      AtomicLong issued,
      AtomicBoolean outOfTime,
      AtomicLong nextTurn) {
    long interval = settings.rate() > 0 ? (long) (1e9 / settings.rate()) : 0;
    for (long seq = 0; ; seq++) {
      if (interval > 0) {
        // A turn missed (every client busy) is not made up for later: no bursts.
        long turn = nextTurn.getAndUpdate(t -> Math.max(t, history.now()) + interval);
        long wait = turn - history.now();
        if (wait > 0) {
          try {
            Thread.sleep(Duration.ofNanos(Math.min(wait, Math.max(1, deadline - history.now()))));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      if (history.now() >= deadline) {
        outOfTime.set(true);
        return;
      }
      if (issued.getAndIncrement() >= settings.operations()) {
        return;
      }
      String key = keys.get(random.nextInt(keys.size()));
      Gateway gateway = gateways.get((int) ((client + seq) % gateways.size()));
      int dice = random.nextInt(100);
      Operation.Kind kind =
          dice < 50 ? Operation.Kind.GET : dice < 95 ? Operation.Kind.PUT : Operation.Kind.DELETE;
      String value = kind == Operation.Kind.PUT ? runId + "-c" + client + "-" + seq : null;
      long start = history.now();
      Result result;
      boolean interrupted = false;
      try {
        result =
            switch (kind) {
              case GET -> gateway.get(key);
              case PUT -> gateway.put(key, value);
              case DELETE -> gateway.delete(key);
            };
      } catch (InterruptedException e) {
        interrupted = true;
        result = new Result.Failed("interrupted");
      } catch (Exception e) {
        result = new Result.Failed(describe(e));
      }
      history.add(
          new Operation(client, gateway.name(), kind, key, value, start, history.now(), result));
      if (interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The exception's class and message, e.g. {@code HttpTimeoutException: request timed out}. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
