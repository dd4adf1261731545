package dev.remise.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The whole algorithm (graph model, size search, previous-edges-first flow, cycle cancelling)
 * against exhaustive search on rings of 1 to 6 partitions and up to 5 nodes, where every assignment
 * can be tried (cases with more than {@value #MAX_ASSIGNMENTS} assignments are skipped). Same code
 * as for 256 partitions: only the partition count differs. With 5 or more partitions the
 * previous-edges-first flow alone is often not the least movement, so the cycle cancelling is
 * exercised.
 */
class ExhaustiveSearchTest {
  private static final int MAX_ASSIGNMENTS = 50_000;

  record Tiny(List<NodeRole> nodes, RingParameters parameters, int partitions, int[][] previous) {
    RingTopology topology() {
      return RingTopology.of(Ring.BLOCK, Clusters.roles(nodes), parameters);
    }
  }

  @Provide
  Arbitrary<Tiny> tinyRings() {
    Arbitrary<NodeRole> node =
        Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.longs().between(1, 24))
            .as((z, c) -> NodeRole.storage("z" + z, c, Ring.BLOCK));
    Arbitrary<Integer> rf = Arbitraries.integers().between(1, 3);
    return Combinators.combine(
            node.list().ofMinSize(1).ofMaxSize(5), rf, Arbitraries.integers().between(1, 6))
        .flatAs(
            (nodes, r, partitions) ->
                Combinators.combine(
                        Arbitraries.oneOf(
                            Arbitraries.just(ZoneRedundancy.maximum()),
                            Arbitraries.integers().between(1, r).map(ZoneRedundancy::atLeast)),
                        previousRing(nodes.size(), r, partitions))
                    .as(
                        (zr, previous) ->
                            new Tiny(nodes, new RingParameters(r, zr), partitions, previous)));
  }

  /** Any previous holders: up to RF distinct nodes per partition, not necessarily valid now. */
  private static Arbitrary<int[][]> previousRing(int nodes, int rf, int partitions) {
    return Arbitraries.integers()
        .between(0, nodes - 1)
        .list()
        .ofMaxSize(rf)
        .map(l -> new HashSet<>(l).stream().mapToInt(Integer::intValue).toArray())
        .array(int[][].class)
        .ofSize(partitions);
  }

  @Property(tries = 1000)
  void partitionSizeAndKeptCopiesMatchExhaustiveSearch(
      @ForAll("tinyRings") Tiny tiny, @ForAll long seed) {
    RingTopology topology = tiny.topology();
    Assume.that(topology.problems().isEmpty());
    Assume.that(ExhaustiveSearch.assignmentCount(topology, tiny.partitions()) <= MAX_ASSIGNMENTS);
    Optional<ExhaustiveSearch.Optimum> truth =
        ExhaustiveSearch.solve(topology, tiny.partitions(), tiny.previous());

    if (truth.isEmpty()) {
      assertThatThrownBy(
              () -> LayoutComputer.assign(topology, tiny.partitions(), tiny.previous(), seed))
          .isInstanceOfSatisfying(
              LayoutException.class,
              e ->
                  assertThat(e.errors())
                      .singleElement()
                      .isInstanceOf(LayoutError.CapacityTooSmall.class));
      return;
    }
    LayoutComputer.Assignment computed =
        LayoutComputer.assign(topology, tiny.partitions(), tiny.previous(), seed);
    assertThat(computed.partitionSize()).isEqualTo(truth.get().partitionSize());
    assertThat(computed.keptPairs()).isEqualTo(truth.get().mostKeptPairs());
    assertValid(topology, computed);
  }

  @Property(tries = 300)
  void firstLayoutFindsTheSameSizeAsExhaustiveSearch(
      @ForAll("tinyRings") Tiny tiny, @ForAll long seed) {
    RingTopology topology = tiny.topology();
    Assume.that(topology.problems().isEmpty());
    Assume.that(ExhaustiveSearch.assignmentCount(topology, tiny.partitions()) <= MAX_ASSIGNMENTS);
    int[][] none = new int[tiny.partitions()][0];
    Optional<ExhaustiveSearch.Optimum> truth =
        ExhaustiveSearch.solve(topology, tiny.partitions(), none);
    Assume.that(truth.isPresent());

    LayoutComputer.Assignment computed =
        LayoutComputer.assign(topology, tiny.partitions(), null, seed);

    assertThat(computed.partitionSize()).isEqualTo(truth.get().partitionSize());
    assertValid(topology, computed);
  }

  private static void assertValid(RingTopology topology, LayoutComputer.Assignment computed) {
    int[] held = new int[topology.nodeCount()];
    for (int[] holders : computed.ring()) {
      Set<Integer> nodes = new HashSet<>();
      Set<Integer> zones = new HashSet<>();
      for (int n : holders) {
        nodes.add(n);
        zones.add(topology.zoneOf[n]);
        held[n]++;
      }
      assertThat(nodes).hasSize(topology.replicationFactor);
      assertThat(zones.size()).isGreaterThanOrEqualTo(topology.zoneRedundancy);
    }
    for (int n = 0; n < held.length; n++) {
      assertThat(held[n] * computed.partitionSize()).isLessThanOrEqualTo(topology.capacities[n]);
    }
  }
}
