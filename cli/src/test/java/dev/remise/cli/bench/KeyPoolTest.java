package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
  private final SplittableRandom random = new SplittableRandom(1);

  @Test
  void aKeyBeingReadIsNeverTakenForDelete() {
    KeyPool pool = new KeyPool();
    pool.add("a");
    pool.add("b");
    String read = pool.acquire(random);
    String deleted = pool.takeForDelete(random);
    assertThat(deleted).isNotNull().isNotEqualTo(read);
    assertThat(pool.takeForDelete(random)).isNull();
    assertThat(pool.size()).isEqualTo(1);
    pool.release(read);
    assertThat(pool.takeForDelete(random)).isEqualTo(read);
    assertThat(pool.acquire(random)).isNull();
    assertThat(pool.takeForDelete(random)).isNull();
  }

  @Test
  void twoReadersHoldAKeyUntilBothRelease() {
    KeyPool pool = new KeyPool();
    pool.add("a");
    pool.acquire(random);
    pool.acquire(random);
    pool.release("a");
    assertThat(pool.takeForDelete(random)).isNull();
    pool.release("a");
    assertThat(pool.takeForDelete(random)).isEqualTo("a");
  }

  @Test
  void deletesTakeEveryKeyOnceAndDrainEmpties() {
    KeyPool pool = new KeyPool();
    for (int i = 0; i < 100; i++) {
      pool.add("k" + i);
    }
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      assertThat(taken.add(pool.takeForDelete(random))).isTrue();
    }
    assertThat(pool.size()).isEqualTo(40);
    assertThat(pool.drain()).hasSize(40).doesNotContainAnyElementsOf(taken);
    assertThat(pool.size()).isZero();
  }
}
