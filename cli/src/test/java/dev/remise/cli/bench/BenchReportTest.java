package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static BenchReport report() {
    OpStats get = new OpStats(OpKind.GET);
    OpStats put = new OpStats(OpKind.PUT);
    for (int i = 0; i < 10; i++) {
      get.success(2_000_000L, 1_048_576);
      get.firstByte(500_000L);
    }
    put.success(1_500_000L, 1_048_576);
    put.error();
    BenchWorkload.Result result =
        new BenchWorkload.Result(
            List.of(put, get),
            2_000_000_000L,
            BenchWorkload.StopReason.DURATION,
            Map.of("PUT S3Exception: SlowDown", 1L),
            100);
    return BenchReport.of(Map.of("size", "1MiB"), result);
  }

  @Test
  void theTableHasARowPerKindAndATotal() {
    String table = report().table();
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .startsWith("op")
        .contains("ops/s", "MB/s", "p50 ms", "p99 ms", "max ms", "ttfb p50 ms");
    // PUT: 1 op in 2 s of 1 MiB, 1.5 ms; GET: 10 in 2 s, 5.24 MB/s, 2 ms, first byte 0.5 ms.
    assertThat(lines.get(1).split("\\s+"))
        .containsExactly("PUT", "1", "1", "0.50", "0.52", "1.50", "1.50", "1.50");
    assertThat(lines.get(2).split("\\s+"))
        .containsExactly("GET", "10", "0", "5.00", "5.24", "2.00", "2.00", "2.00", "0.50");
    assertThat(lines.get(3).split("\\s+"))
        .containsExactly("TOTAL", "11", "1", "5.50", "5.77", "2.00", "2.00", "2.00");
    assertThat(report().text())
        .contains("2.0 s measured, stopped by duration")
        .contains("error x1: PUT S3Exception: SlowDown");
  }

  @Test
  void theJsonHasTheSameFigures() {
    Map<String, Object> json = report().json();
    assertThat(json).containsEntry("parameters", Map.of("size", "1MiB"));
    assertThat(json).containsEntry("stoppedBy", "duration").containsEntry("elapsedSeconds", 2.0);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> ops = (List<Map<String, Object>>) json.get("operations");
    assertThat(ops).extracting(o -> o.get("op")).containsExactly("PUT", "GET");
    Map<String, Object> get = ops.get(1);
    assertThat(get)
        .containsEntry("count", 10L)
        .containsEntry("errors", 0L)
        .containsEntry("bytes", 10_485_760L)
        .containsEntry("opsPerSecond", 5.0)
        .containsEntry("mbPerSecond", 5.243);
    assertThat(get.get("latencyMs"))
        .isEqualTo(Map.of("p50", 2.0, "p90", 2.0, "p99", 2.0, "max", 2.0, "mean", 2.0));
    assertThat(ops.get(0)).doesNotContainKey("firstByteMs");
    @SuppressWarnings("unchecked")
    Map<String, Object> total = (Map<String, Object>) json.get("total");
    assertThat(total)
        .containsEntry("count", 11L)
        .containsEntry("errors", 1L)
        .doesNotContainKey("firstByteMs");
    assertThat(json.get("errors"))
        .isEqualTo(List.of(Map.of("message", "PUT S3Exception: SlowDown", "count", 1L)));
  }

  @Test
  void theProgressLineShowsRatesOverTheLastInterval() {
    var before = new BenchWorkload.Progress("run", 1_000_000_000L, 100, 0, 100_000_000L);
    var now = new BenchWorkload.Progress("run", 2_000_000_000L, 300, 2, 400_000_000L);
    assertThat(BenchReport.progressLine(before, now))
        .isEqualTo("run    2.0s  ops 300  200.00 ops/s  300.00 MB/s  errors 2");
    var first = new BenchWorkload.Progress("prepare", 500_000_000L, 10, 0, 0);
    assertThat(BenchReport.progressLine(now, first))
        .startsWith("prepare    0.5s  ops 10  20.00 ops/s");
  }
}
