package dev.remise.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.cli.check.Operation.Kind;
import dev.remise.cli.check.Operation.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The workload driver against in-memory gateways, whose consistency the test chooses. */
class ReadAfterWriteWorkloadTest {

  /**
   * A gateway onto a map: atomic operations on one shared map make a linearizable store. Each call
   * parks a little before and after it takes effect, so clients overlap as over a network.
   */
  static class MapGateway implements Gateway {
    final String name;
    final Map<String, String> data;

    MapGateway(String name, Map<String, String> data) {
      this.name = name;
      this.data = data;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Result get(String key) throws Exception {
      LockSupport.parkNanos(20_000);
      String v = data.get(key);
      LockSupport.parkNanos(20_000);
      return v == null ? new Result.NotFound() : new Result.Found(v);
    }

    @Override
    public Result put(String key, String value) throws Exception {
      LockSupport.parkNanos(20_000);
      data.put(key, value);
      LockSupport.parkNanos(20_000);
      return new Result.Ok();
    }

    @Override
    public Result delete(String key) throws Exception {
      LockSupport.parkNanos(20_000);
      data.remove(key);
      LockSupport.parkNanos(20_000);
      return new Result.Ok();
    }
  }

  static ReadAfterWriteWorkload.Run run(
      List<Gateway> gateways, int clients, int keys, long operations, Duration maxDuration) {
    return new ReadAfterWriteWorkload(
            new ReadAfterWriteWorkload.Settings(clients, keys, operations, maxDuration, 7),
            gateways,
            System::nanoTime)
        .run();
  }

  @Test
  void aLinearizableStoreHasNoViolationAndEveryOperationIsCounted() {
    Map<String, String> shared = new ConcurrentHashMap<>();
    List<Gateway> gateways =
        List.of(
            new MapGateway("gw1", shared),
            new MapGateway("gw2", shared),
            new MapGateway("gw3", shared));

    ReadAfterWriteWorkload.Run run = run(gateways, 8, 20, 5_000, Duration.ofMinutes(1));
    CheckReport report = ReadAfterWriteChecker.check(run.operations());

    assertThat(report.violations()).isEmpty();
    assertThat(report.operations()).isEqualTo(5_000);
    assertThat(report.gets() + report.puts() + report.deletes()).isEqualTo(5_000);
    assertThat(report.gets()).isBetween(2_000L, 3_000L);
    assertThat(report.deletes()).isBetween(100L, 500L);
    assertThat(report.failed()).isZero();
    assertThat(run.stoppedByDuration()).isFalse();
    assertThat(run.operations()).extracting(Operation::endpoint).contains("gw1", "gw2", "gw3");
    assertThat(run.operations())
        .extracting(Operation::client)
        .containsAll(IntStream.range(0, 8).boxed().toList());
    assertThat(run.operations())
        .allSatisfy(op -> assertThat(op.key()).startsWith(run.keyPrefix()))
        .allSatisfy(op -> assertThat(op.end()).isGreaterThanOrEqualTo(op.start()));
    assertThat(new HashSet<>(run.operations().stream().map(Operation::key).toList())).hasSize(20);
  }

  @Test
  void gatewaysThatNeverShareTheirWritesAreCaught() {
    List<Gateway> gateways =
        List.of(
            new MapGateway("gw1", new ConcurrentHashMap<>()),
            new MapGateway("gw2", new ConcurrentHashMap<>()));

    CheckReport report =
        ReadAfterWriteChecker.check(run(gateways, 4, 5, 2_000, Duration.ofMinutes(1)).operations());

    assertThat(report.violations()).isNotEmpty();
    assertThat(report.violations())
        .allSatisfy(v -> assertThat(v.type()).isEqualTo(Violation.Type.STALE_READ));
  }

  @Test
  void errorsAreFailedOperationsAndNeverViolations() {
    Map<String, String> shared = new ConcurrentHashMap<>();
    // Writes that take effect and then fail (a lost answer), and a gateway that is down.
    Gateway flaky =
        new MapGateway("flaky", shared) {
          @Override
          public Result put(String key, String value) throws Exception {
            super.put(key, value);
            throw new IOException("connection reset");
          }

          @Override
          public Result delete(String key) throws Exception {
            super.delete(key);
            return new Result.Failed("HTTP 503 ServiceUnavailable");
          }
        };
    Gateway down =
        new MapGateway("down", shared) {
          @Override
          public Result get(String key) throws Exception {
            throw new java.net.ConnectException("Connection refused");
          }
        };

    ReadAfterWriteWorkload.Run run =
        run(
            List.of(new MapGateway("ok", shared), flaky, down),
            6,
            10,
            3_000,
            Duration.ofMinutes(1));
    CheckReport report = ReadAfterWriteChecker.check(run.operations());

    assertThat(report.violations()).isEmpty();
    assertThat(report.failedPuts()).isPositive();
    assertThat(report.failedDeletes()).isPositive();
    assertThat(report.failedGets()).isPositive();
    assertThat(ReadAfterWriteReport.topErrors(run.operations()))
        .containsKeys(
            "IOException: connection reset",
            "HTTP 503 ServiceUnavailable",
            "ConnectException: Connection refused");
  }

  @Test
  void theMaximumDurationStopsTheRunBeforeTheOperationCount() {
    Map<String, String> shared = new ConcurrentHashMap<>();
    Gateway slow =
        new MapGateway("slow", shared) {
          @Override
          public Result get(String key) throws Exception {
            Thread.sleep(5);
            return super.get(key);
          }

          @Override
          public Result put(String key, String value) throws Exception {
            Thread.sleep(5);
            return super.put(key, value);
          }
        };

    long began = System.nanoTime();
    ReadAfterWriteWorkload.Run run = run(List.of(slow), 4, 10, 1_000_000, Duration.ofMillis(300));

    assertThat(run.stoppedByDuration()).isTrue();
    assertThat(run.operations().size()).isBetween(1, 100_000);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    assertThat(run.operations().stream().filter(op -> op.kind() == Kind.GET)).isNotEmpty();
  }

  @Test
  void aRateSpacesTheOperationsWithoutWideningThem() {
    Map<String, String> shared = new ConcurrentHashMap<>();
    ReadAfterWriteWorkload.Run run =
        new ReadAfterWriteWorkload(
                new ReadAfterWriteWorkload.Settings(8, 10, 40, Duration.ofSeconds(30), 7, 100),
                List.of(new MapGateway("gw", shared)),
                System::nanoTime)
            .run();

    assertThat(run.operations()).hasSize(40);
    List<Long> starts = run.operations().stream().map(Operation::start).sorted().toList();
    // 40 operations at 100 a second: the last starts 390 ms after the first, give or take.
    assertThat(Duration.ofNanos(starts.getLast() - starts.getFirst()))
        .isGreaterThan(Duration.ofMillis(350));
    // The wait for a turn comes before the operation starts: each takes what the gateway takes.
    assertThat(run.operations().stream().mapToLong(op -> op.end() - op.start()).max().orElseThrow())
        .isLessThan(Duration.ofMillis(300).toNanos());
  }
}
