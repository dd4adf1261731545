package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void binaryUnitsArePowersOf1024() {
    assertThat(ByteSize.parse("4KiB")).isEqualTo(4096);
    assertThat(ByteSize.parse("100KiB")).isEqualTo(102_400);
    assertThat(ByteSize.parse("64MiB")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("1gib")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("2TiB")).isEqualTo(2L << 40);
    assertThat(ByteSize.parse("1.5MiB")).isEqualTo(3L << 19);
  }

  @Test
  void decimalUnitsArePowersOf1000() {
    assertThat(ByteSize.parse("5MB")).isEqualTo(5_000_000);
    assertThat(ByteSize.parse("100kB")).isEqualTo(100_000);
    assertThat(ByteSize.parse("1 GB")).isEqualTo(1_000_000_000);
    assertThat(ByteSize.parse("256")).isEqualTo(256);
    assertThat(ByteSize.parse("0B")).isZero();
  }

  @Test
  void ambiguousUnknownAndFractionalSizesAreRefused() {
    assertThatThrownBy(() -> ByteSize.parse("4K")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> ByteSize.parse("4 mebibytes")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> ByteSize.parse("-1MiB")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSize.parse("1.1B")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> ByteSize.parse("99999999TiB")).hasMessageContaining("too large");
  }

  @Test
  void formatPicksTheLargestExactUnit() {
    assertThat(ByteSize.format(64L << 20)).isEqualTo("64MiB");
    assertThat(ByteSize.format(4096)).isEqualTo("4KiB");
    assertThat(ByteSize.format(1_000_000)).isEqualTo("1MB");
    assertThat(ByteSize.format(10_240)).isEqualTo("10KiB");
    assertThat(ByteSize.format(1000)).isEqualTo("1KB");
    assertThat(ByteSize.format(1001)).isEqualTo("1001B");
    for (String s : new String[] {"4KiB", "100KiB", "64MiB", "5MB", "3GiB", "7B"}) {
      assertThat(ByteSize.parse(ByteSize.format(ByteSize.parse(s)))).isEqualTo(ByteSize.parse(s));
    }
  }
}
