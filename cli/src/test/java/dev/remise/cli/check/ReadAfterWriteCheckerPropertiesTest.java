package dev.remise.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.cli.check.Operation.Kind;
import dev.remise.cli.check.Operation.Result;
import dev.remise.cli.check.Violation.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The checker against histories of a simulated register: never a violation when every operation
 * takes effect at one instant inside its interval (a linearizable store), every injected stale read
 * found, and on arbitrary histories the same verdicts as a literal, quadratic reading of the rule.
 */
class ReadAfterWriteCheckerPropertiesTest {

  @Property(tries = 60)
  void linearizableHistoriesHaveNoViolation(@ForAll long seed) {
    List<Operation> history = linearizable(new Random(seed), 2_000, 4, 0.1);

    assertThat(ReadAfterWriteChecker.check(history).violations()).isEmpty();
  }

  @Property(tries = 60)
  void everyInjectedStaleReadIsFoundAndNothingElse(@ForAll long seed) {
    Random random = new Random(seed);
    List<Operation> history = new ArrayList<>(linearizable(random, 2_000, 4, 0.1));
    Set<Integer> injected = new HashSet<>();
    for (int i = 0; i < history.size(); i++) {
      Operation read = history.get(i);
      if (read.kind() != Kind.GET || read.failed() || random.nextInt(5) != 0) {
        continue;
      }
      List<Result> stale = staleResults(history, read);
      if (!stale.isEmpty()) {
        history.set(i, withResult(read, stale.get(random.nextInt(stale.size()))));
        injected.add(read.client());
      }
    }

    List<Violation> found = ReadAfterWriteChecker.check(history).violations();

    assertThat(injected).isNotEmpty();
    assertThat(found).allSatisfy(v -> assertThat(v.type()).isEqualTo(Type.STALE_READ));
    assertThat(found.stream().map(v -> v.read().client()).collect(Collectors.toSet()))
        .isEqualTo(injected);
  }

  @Property(tries = 200)
  void agreesWithTheRuleReadLiterally(@ForAll long seed) {
    List<Operation> history = arbitrary(new Random(seed), 300, 3);

    List<Violation> found = ReadAfterWriteChecker.check(history).violations();

    assertThat(
            found.stream().map(v -> v.read().client() + " " + v.type()).collect(Collectors.toSet()))
        .isEqualTo(oracle(history));
    for (Violation v : found) {
      if (v.type() == Type.STALE_READ) {
        long sawEnd =
            v.saw() == null
                ? ReadAfterWriteChecker.INITIAL
                : ReadAfterWriteChecker.effectiveEnd(v.saw());
        assertThat(v.supersededBy().acknowledged()).isTrue();
        assertThat(v.supersededBy().end()).isLessThan(v.read().start());
        assertThat(v.supersededBy().start()).isGreaterThan(sawEnd);
      }
    }
  }

  @Test
  void checksTwoHundredThousandOperationsWithoutAQuadraticScan() {
    List<Operation> history = linearizable(new Random(42), 200_000, 20, 0.05);

    long start = System.nanoTime();
    CheckReport report = ReadAfterWriteChecker.check(history);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(report.operations()).isEqualTo(200_000);
    assertThat(report.violations()).isEmpty();
    // A quadratic scan of each key's 10,000 operations alone would take far longer.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  /**
   * A register per key that applies each operation at a random instant inside its interval. A
   * failed write takes effect at a random instant after its start (possibly after its recorded end)
   * or never; a failed read returns nothing. Each operation's {@code client} is its index.
   */
  static List<Operation> linearizable(Random random, int n, int keys, double failureRate) {
    record Planned(
        int index,
        Kind kind,
        String key,
        long start,
        long end,
        long point,
        boolean fails,
        boolean applies) {}
    List<Planned> plan = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int dice = random.nextInt(100);
      Kind kind = dice < 50 ? Kind.GET : dice < 92 ? Kind.PUT : Kind.DELETE;
      long start = random.nextLong(n * 10L);
      long length = 1 + random.nextLong(60);
      boolean fails = random.nextDouble() < failureRate;
      long point = start + random.nextLong(fails ? 3 * length : length + 1);
      plan.add(
          new Planned(
              i,
              kind,
              "k" + random.nextInt(keys),
              start,
              start + length,
              point,
              fails,
              random.nextBoolean()));
    }
    Map<String, String> register = new HashMap<>();
    Result[] results = new Result[n];
    List<Planned> byPoint = new ArrayList<>(plan);
    byPoint.sort(Comparator.comparingLong(Planned::point).thenComparingInt(Planned::index));
    for (Planned p : byPoint) {
      String value = "v" + p.index();
      switch (p.kind()) {
        case GET -> {
          String current = register.get(p.key());
          results[p.index()] = current == null ? new Result.NotFound() : new Result.Found(current);
        }
        case PUT -> {
          if (!p.fails() || p.applies()) {
            register.put(p.key(), value);
          }
        }
        case DELETE -> {
          if (!p.fails() || p.applies()) {
            register.remove(p.key());
          }
        }
      }
    }
    List<Operation> history = new ArrayList<>();
    for (Planned p : plan) {
      Result result =
          p.fails()
              ? new Result.Failed("timeout")
              : p.kind() == Kind.GET ? results[p.index()] : new Result.Ok();
      history.add(
          new Operation(
              p.index(),
              "gw" + p.index() % 3,
              p.kind(),
              p.key(),
              p.kind() == Kind.PUT ? "v" + p.index() : null,
              p.start(),
              p.end(),
              result));
    }
    return history;
  }

  /** Operations with arbitrary results: reads of any value of any key, not-founds, failures. */
  static List<Operation> arbitrary(Random random, int n, int keys) {
    List<Operation> history = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int dice = random.nextInt(100);
      Kind kind = dice < 50 ? Kind.GET : dice < 85 ? Kind.PUT : Kind.DELETE;
      long start = random.nextLong(n * 4L);
      long end = start + random.nextLong(40);
      boolean fails = random.nextInt(8) == 0;
      Result result =
          switch (kind) {
            case PUT, DELETE -> fails ? new Result.Failed("x") : new Result.Ok();
            case GET ->
                fails
                    ? new Result.Failed("x")
                    : random.nextInt(4) == 0
                        ? new Result.NotFound()
                        : new Result.Found(
                            random.nextInt(30) == 0 ? "garbage" : "v" + random.nextInt(n));
          };
      history.add(
          new Operation(
              i,
              "gw",
              kind,
              "k" + random.nextInt(keys),
              kind == Kind.PUT ? "v" + i : null,
              start,
              end,
              result));
    }
    return history;
  }

  /** The rule as written, every read against every write: "client type" per violation. */
  static Set<String> oracle(List<Operation> history) {
    Set<String> out = new HashSet<>();
    for (Operation read : history) {
      if (read.kind() != Kind.GET || read.failed()) {
        continue;
      }
      List<Operation> writes =
          history.stream().filter(w -> w.kind() != Kind.GET && w.key().equals(read.key())).toList();
      if (read.result() instanceof Result.Found found) {
        Operation put =
            writes.stream().filter(w -> found.value().equals(w.written())).findFirst().orElse(null);
        if (put == null) {
          out.add(read.client() + " " + Type.UNKNOWN_VALUE);
        } else if (put.start() > read.end()) {
          out.add(read.client() + " " + Type.READ_BEFORE_WRITE);
        } else if (superseded(writes, read, end(put))) {
          out.add(read.client() + " " + Type.STALE_READ);
        }
      } else {
        boolean explained = !superseded(writes, read, Long.MIN_VALUE);
        for (Operation d : writes) {
          if (d.kind() == Kind.DELETE
              && d.start() <= read.end()
              && !superseded(writes, read, end(d))) {
            explained = true;
          }
        }
        if (!explained) {
          out.add(read.client() + " " + Type.STALE_READ);
        }
      }
    }
    return out;
  }

  private static boolean superseded(List<Operation> writes, Operation read, long sawEnd) {
    return writes.stream()
        .anyMatch(w -> w.acknowledged() && w.end() < read.start() && w.start() > sawEnd);
  }

  private static long end(Operation write) {
    return write.acknowledged() ? write.end() : Long.MAX_VALUE;
  }

  /** Results a read could be given that the rule must call stale: superseded values or absence. */
  private static List<Result> staleResults(List<Operation> history, Operation read) {
    List<Operation> writes =
        history.stream().filter(w -> w.kind() != Kind.GET && w.key().equals(read.key())).toList();
    List<Result> out = new ArrayList<>();
    for (Operation w : writes) {
      if (w.kind() == Kind.PUT && w.start() <= read.end() && superseded(writes, read, end(w))) {
        out.add(new Result.Found(w.written()));
      }
    }
    Operation notFound = withResult(read, new Result.NotFound());
    if (!oracle(withOnly(writes, notFound)).isEmpty()) {
      out.add(new Result.NotFound());
    }
    return out;
  }

  private static List<Operation> withOnly(List<Operation> writes, Operation read) {
    List<Operation> out = new ArrayList<>(writes);
    out.add(read);
    return out;
  }

  private static Operation withResult(Operation read, Result result) {
    return Operation.get(
        read.client(), read.endpoint(), read.key(), read.start(), read.end(), result);
  }
}
