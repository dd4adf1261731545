package dev.remise.crdt;

import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for the CRDT building blocks. Timestamps, values and keys come from small pools so
 * that the interesting cases (equal timestamps, same key on both sides) happen in most tries.
 */
final class CrdtArbitraries {
  private CrdtArbitraries() {}

  static Arbitrary<Long> timestamps() {
    return Arbitraries.longs().between(0, 3);
  }

  static Arbitrary<Lww<Integer>> lwwInts() {
    return Combinators.combine(timestamps(), Arbitraries.integers().between(0, 3)).as(Lww::new);
  }

  static Arbitrary<LwwMap<String, Integer>> lwwMaps() {
    return Arbitraries.maps(Arbitraries.of("a", "b", "c"), lwwInts())
        .ofMaxSize(3)
        .map(m -> new LwwMap<>(new TreeMap<>(m)));
  }
}
