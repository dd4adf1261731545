package dev.remise.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LwwTest {

  @Provide
  Arbitrary<Lww<Integer>> registers() {
    return CrdtArbitraries.lwwInts();
  }

  private static Lww<Integer> merge(Lww<Integer> a, Lww<Integer> b) {
    return a.merge(b, Math::max);
  }

  @Property
  void mergeIsCommutative(
      @ForAll("registers") Lww<Integer> a, @ForAll("registers") Lww<Integer> b) {
    assertThat(merge(a, b)).isEqualTo(merge(b, a));
  }

  @Property
  void mergeIsAssociative(
      @ForAll("registers") Lww<Integer> a,
      @ForAll("registers") Lww<Integer> b,
      @ForAll("registers") Lww<Integer> c) {
    assertThat(merge(merge(a, b), c)).isEqualTo(merge(a, merge(b, c)));
  }

  @Property
  void mergeIsIdempotent(@ForAll("registers") Lww<Integer> a) {
    assertThat(merge(a, a)).isEqualTo(a);
  }

  @Property
  void higherTimestampWinsWhateverTheValues(
      @ForAll("registers") Lww<Integer> a, @ForAll("registers") Lww<Integer> b) {
    Lww<Integer> merged = merge(a, b);
    if (a.timestamp() != b.timestamp()) {
      assertThat(merged).isEqualTo(a.timestamp() > b.timestamp() ? a : b);
    } else {
      assertThat(merged).isEqualTo(new Lww<>(a.timestamp(), Math.max(a.value(), b.value())));
    }
  }

  @Example
  void updateWinsOverTheValueItReplacesEvenWhenTheLocalClockIsBehind() {
    Lww<String> written = new Lww<>(5_000, "old");
    InstantSource behind = InstantSource.fixed(Instant.ofEpochMilli(1_000));

    Lww<String> updated = written.update("new", behind);

    assertThat(updated.timestamp()).isEqualTo(5_001);
    assertThat(written.merge(updated, (x, y) -> x)).isEqualTo(updated);
    assertThat(updated.merge(written, (x, y) -> x)).isEqualTo(updated);
  }

  @Example
  void updateTakesTheClockWhenItIsAhead() {
    Lww<String> written = new Lww<>(5_000, "old");

    Lww<String> updated = written.update("new", InstantSource.fixed(Instant.ofEpochMilli(9_000)));

    assertThat(updated).isEqualTo(new Lww<>(9_000, "new"));
  }
}
