package dev.remise.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LwwMapTest {

  @Provide
  Arbitrary<LwwMap<String, Integer>> maps() {
    return CrdtArbitraries.lwwMaps();
  }

  private static LwwMap<String, Integer> merge(
      LwwMap<String, Integer> a, LwwMap<String, Integer> b) {
    return a.merge(b, Math::max);
  }

  @Property
  void mergeIsCommutative(
      @ForAll("maps") LwwMap<String, Integer> a, @ForAll("maps") LwwMap<String, Integer> b) {
    assertThat(merge(a, b)).isEqualTo(merge(b, a));
  }

  @Property
  void mergeIsAssociative(
      @ForAll("maps") LwwMap<String, Integer> a,
      @ForAll("maps") LwwMap<String, Integer> b,
      @ForAll("maps") LwwMap<String, Integer> c) {
    assertThat(merge(merge(a, b), c)).isEqualTo(merge(a, merge(b, c)));
  }

  @Property
  void mergeIsIdempotent(@ForAll("maps") LwwMap<String, Integer> a) {
    assertThat(merge(a, a)).isEqualTo(a);
  }

  @Property
  void mergeKeepsEveryKeyOfEitherSideAsItsRegisterMerge(
      @ForAll("maps") LwwMap<String, Integer> a, @ForAll("maps") LwwMap<String, Integer> b) {
    LwwMap<String, Integer> merged = merge(a, b);

    assertThat(merged.entries().keySet())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(
                    a.entries().keySet().stream(), b.entries().keySet().stream())
                .distinct()
                .toList());
    merged
        .entries()
        .forEach(
            (k, v) -> {
              Lww<Integer> x = a.entries().get(k);
              Lww<Integer> y = b.entries().get(k);
              Lww<Integer> expected = x == null ? y : y == null ? x : x.merge(y, Math::max);
              assertThat(v).isEqualTo(expected);
            });
  }

  @Example
  void removalByTombstoneValueIsNotUndoneByAnOlderWrite() {
    InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_000));
    LwwMap<String, Integer> granted = LwwMap.<String, Integer>empty().put("k", 7, clock);
    LwwMap<String, Integer> revoked = granted.put("k", 0, clock);

    assertThat(merge(revoked, granted).get("k")).isEqualTo(Optional.of(0));
    assertThat(merge(granted, revoked).get("k")).isEqualTo(Optional.of(0));
  }

  @Example
  void mergeKeepsTheMapsKeyOrder() {
    InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_000));
    LwwMap<String, Integer> reversed =
        LwwMap.<String, Integer>empty(Comparator.reverseOrder()).put("a", 1, clock);
    LwwMap<String, Integer> other =
        LwwMap.<String, Integer>empty(Comparator.reverseOrder()).put("c", 3, clock);

    LwwMap<String, Integer> merged = reversed.merge(other, Math::max);

    assertThat(merged.entries().keySet()).containsExactly("c", "a");
  }
}
