package dev.remise.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CapacityTest {

  @Test
  void suffixesAreSiUnitsAsInGarage() {
    assertThat(Capacity.parse("1000")).isEqualTo(1000);
    assertThat(Capacity.parse("1K")).isEqualTo(1000);
    assertThat(Capacity.parse("500G")).isEqualTo(500_000_000_000L);
    assertThat(Capacity.parse("1TB")).isEqualTo(1_000_000_000_000L);
    assertThat(Capacity.parse("1.5t")).isEqualTo(1_500_000_000_000L);
    assertThat(Capacity.parse("2 M")).isEqualTo(2_000_000);
    assertThat(Capacity.parse("1P")).isEqualTo(1_000_000_000_000_000L);
  }

  @Test
  void binaryUnitsAreAcceptedWhenSpelledAsSuch() {
    assertThat(Capacity.parse("1KiB")).isEqualTo(1024);
    assertThat(Capacity.parse("1Gi")).isEqualTo(1L << 30);
  }

  @Test
  void anythingElseIsRefusedWithTheAcceptedForms() {
    for (String bad : new String[] {"", "T", "-1G", "1X", "1,5T", "ten"}) {
      assertThatThrownBy(() -> Capacity.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SI units");
    }
    assertThatThrownBy(() -> Capacity.parse("100000P"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void sizesArePrintedInTheLargestSiUnit() {
    assertThat(Capacity.format(999)).isEqualTo("999 B");
    assertThat(Capacity.format(1000)).isEqualTo("1.0 kB");
    assertThat(Capacity.format(1_500_000_000_000L)).isEqualTo("1.5 TB");
    assertThat(Capacity.format(3_906_250_000L)).isEqualTo("3.9 GB");
  }
}
