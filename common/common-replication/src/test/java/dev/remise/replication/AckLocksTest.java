package dev.remise.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckLocksTest {
  private final List<Long> released = new ArrayList<>();
  private final AckLocks locks = new AckLocks(released::add);

  @Test
  void withNoWriteInFlightTheCurrentVersionIsAckable() {
    assertThat(locks.ackable(3)).isEqualTo(3);
  }

  @Test
  void aWriteStillUsingAnOldVersionHoldsTheAckBackUntilItReturns() {
    AckLocks.Guard old = locks.acquire(2);
    AckLocks.Guard current = locks.acquire(3);

    assertThat(locks.ackable(3)).isEqualTo(2);
    assertThat(locks.inFlight()).isEqualTo(2);
    old.close();
    assertThat(locks.ackable(3)).isEqualTo(3);
    assertThat(released).containsExactly(2L);
    current.close();
    assertThat(locks.inFlight()).isZero();
  }

  @Test
  void theVersionIsReleasedWithItsLastGuardAndClosingTwiceReleasesOnce() {
    AckLocks.Guard a = locks.acquire(2);
    AckLocks.Guard b = locks.acquire(2);

    a.close();
    a.close();
    assertThat(released).isEmpty();
    assertThat(locks.ackable(5)).isEqualTo(2);
    b.close();
    assertThat(released).containsExactly(2L);
  }
}
