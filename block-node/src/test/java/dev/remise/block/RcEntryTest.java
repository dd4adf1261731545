package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RcEntryTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodingsMatchGarageRcTree() {
    assertThat(HEX.formatHex(new RcEntry.Present(3).encode())).isEqualTo("0000000000000003");
    assertThat(HEX.formatHex(new RcEntry.Deletable(0x0102L).encode()))
        .isEqualTo("0000000000000000" + "0000000000000102");
  }

  @Test
  void decodeReversesEncode() {
    assertThat(RcEntry.decode(null)).isEqualTo(RcEntry.ABSENT);
    assertThat(RcEntry.decode(new RcEntry.Present(7).encode())).isEqualTo(new RcEntry.Present(7));
    assertThat(RcEntry.decode(new RcEntry.Deletable(42).encode()))
        .isEqualTo(new RcEntry.Deletable(42));
  }

  @Test
  void decodeRejectsCorruptValues() {
    assertThatThrownBy(() -> RcEntry.decode(new byte[5])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RcEntry.decode(new byte[8])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void lastDecrementMakesTheBlockDeletableAtTheGivenTime() {
    assertThat(new RcEntry.Present(2).decrement(99)).isEqualTo(new RcEntry.Present(1));
    assertThat(new RcEntry.Present(1).decrement(99)).isEqualTo(new RcEntry.Deletable(99));
  }

  @Test
  void decrementAtZeroNeitherCancelsNorPostponesDeletion() {
    assertThat(new RcEntry.Deletable(10).decrement(99)).isEqualTo(new RcEntry.Deletable(10));
    assertThat(RcEntry.ABSENT.decrement(99)).isEqualTo(RcEntry.ABSENT);
  }

  @Test
  void incrementRevivesADeletableBlock() {
    assertThat(new RcEntry.Deletable(10).increment()).isEqualTo(new RcEntry.Present(1));
    assertThat(RcEntry.ABSENT.increment()).isEqualTo(new RcEntry.Present(1));
  }

  @Test
  void deletableBlockIsNeededUntilItsDeadline() {
    RcEntry rc = new RcEntry.Deletable(100);
    assertThat(rc.isNeeded(99)).isTrue();
    assertThat(rc.isNeeded(100)).isFalse();
    assertThat(new RcEntry.Present(1).isNeeded(Long.MAX_VALUE)).isTrue();
    assertThat(RcEntry.ABSENT.isNeeded(0)).isFalse();
  }
}
