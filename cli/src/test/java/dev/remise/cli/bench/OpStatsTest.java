package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.remise.cli.bench.OpStats.OpSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpStatsTest {

  @Test
  void percentilesThroughputAndErrorsOfOneKind() {
    OpStats get = new OpStats(OpKind.GET);
    for (int ms = 1; ms <= 100; ms++) {
      get.success(ms * 1_000_000L, 1_000_000);
      get.firstByte(ms * 100_000L);
    }
    get.error();
    OpSummary s = OpStats.summarize("GET", List.of(get), 2_000_000_000L);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.bytes()).isEqualTo(100_000_000);
    assertThat(s.opsPerSecond()).isEqualTo(50.0);
    assertThat(s.mbPerSecond()).isEqualTo(50.0);
    // 3 significant digits: within 0.1%.
    assertThat(s.latency().p50()).isCloseTo(50.0, within(0.05));
    assertThat(s.latency().p99()).isCloseTo(99.0, within(0.1));
    assertThat(s.latency().max()).isCloseTo(100.0, within(0.1));
    assertThat(s.latency().mean()).isCloseTo(50.5, within(0.1));
    assertThat(s.firstByte().p50()).isCloseTo(5.0, within(0.01));
  }

  @Test
  void theTotalMergesKindsAndOnlyGetHasFirstByte() {
    OpStats put = new OpStats(OpKind.PUT);
    OpStats head = new OpStats(OpKind.HEAD);
    put.success(10_000_000L, 4096);
    head.success(1_000_000L, 0);
    head.success(2_000_000L, 0);
    OpSummary total = OpStats.summarize("TOTAL", List.of(put, head), 1_000_000_000L);
    assertThat(total.count()).isEqualTo(3);
    assertThat(total.bytes()).isEqualTo(4096);
    assertThat(total.latency().max()).isCloseTo(10.0, within(0.01));
    assertThat(total.firstByte()).isNull();
  }

  @Test
  void noSamplesGiveZerosAndExtremesAreClamped() {
    OpStats list = new OpStats(OpKind.LIST);
    OpSummary empty = OpStats.summarize("LIST", List.of(list), 0);
    assertThat(empty.opsPerSecond()).isZero();
    assertThat(empty.latency().p99()).isZero();
    list.success(0, 0);
    list.success(Long.MAX_VALUE, 0);
    OpSummary s = OpStats.summarize("LIST", List.of(list), 1);
    assertThat(s.latency().max()).isCloseTo(3_600_000.0, within(3_600.0));
  }
}
