package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
  @Test
  void meanMinMaxAndMultiplesOfTheRoundTrip() {
    LatencySummary s =
        LatencySummary.of("GetObject", List.of(100_000_000L, 110_000_000L, 120_000_000L));
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.meanMs()).isEqualTo(110.0);
    assertThat(s.minMs()).isEqualTo(100.0);
    assertThat(s.maxMs()).isEqualTo(120.0);
    assertThat(s.meanInRtt(Optional.of(Duration.ofMillis(100)))).hasValue(1.1);
    assertThat(s.meanInRtt(Optional.empty())).isEmpty();
    assertThat(s.line(Optional.of(Duration.ofMillis(100))))
        .contains("GetObject")
        .contains("(1.10 RTT)");
  }

  @Test
  void noMeasurementIsAnError() {
    assertThatThrownBy(() -> LatencySummary.of("ListBuckets", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
