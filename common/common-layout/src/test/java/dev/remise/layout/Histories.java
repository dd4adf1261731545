package dev.remise.layout;

import static dev.remise.layout.Clusters.TB;
import static dev.remise.layout.Clusters.node;

import dev.remise.core.NodeId;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated layout histories for the merge laws and the codec. Versions come from a small
 * precomputed pool (numbers 0 to 7, two different versions under each number, so that conflicts
 * happen), timestamps and tracker values from small ranges, so that ties and overlaps are common.
 */
final class Histories {
  static final int MAX_VERSION = 7;
  static final RingParameters ONE = new RingParameters(1, ZoneRedundancy.atLeast(1));
  static final RingParameters THREE = RingParameters.defaults();

  /** POOL.get(n).get(variant): a valid version numbered n. */
  private static final List<List<LayoutVersion>> POOL = pool();

  private Histories() {}

  /** A clock that ticks one millisecond per read, from {@code start}. */
  static InstantSource ticking(long start) {
    AtomicLong now = new AtomicLong(start);
    return () -> Instant.ofEpochMilli(now.getAndIncrement());
  }

  /** A version of the pool; variant 0 is the usual one, 1 a conflicting one. */
  static LayoutVersion pooled(int number, int variant) {
    return POOL.get(number).get(variant);
  }

  static Arbitrary<LayoutHistory> histories() {
    Arbitrary<Integer> lowest = Arbitraries.integers().between(0, MAX_VERSION);
    return lowest
        .flatMap(
            lo ->
                Arbitraries.integers()
                    .between(lo, MAX_VERSION)
                    .flatMap(
                        hi ->
                            Combinators.combine(
                                    variants(hi - lo + 1),
                                    Arbitraries.longs().between(lo, hi),
                                    trackers(),
                                    staging())
                                .as(
                                    (variants, activeFrom, trackers, staging) -> {
                                      TreeMap<Long, LayoutVersion> versions = new TreeMap<>();
                                      for (int n = lo; n <= hi; n++) {
                                        versions.put((long) n, pooled(n, variants.get(n - lo)));
                                      }
                                      return new LayoutHistory(
                                          versions, activeFrom, trackers, staging);
                                    })))
        .withoutEdgeCases();
  }

  private static Arbitrary<List<Integer>> variants(int count) {
    return Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, 1)).list().ofSize(count);
  }

  private static Arbitrary<NodeId> nodes() {
    return Arbitraries.integers().between(0, 3).map(Clusters::node);
  }

  private static Arbitrary<Map<NodeId, Long>> trackerMap() {
    return Arbitraries.maps(nodes(), Arbitraries.longs().between(0, MAX_VERSION + 1)).ofMaxSize(4);
  }

  private static Arbitrary<UpdateTrackers> trackers() {
    return Combinators.combine(trackerMap(), trackerMap(), trackerMap())
        .as((a, s, r) -> new UpdateTrackers(new TreeMap<>(a), new TreeMap<>(s), new TreeMap<>(r)));
  }

  private static Arbitrary<RoleChange> changes() {
    return Arbitraries.of(
        RoleChange.remove(),
        RoleChange.assign(NodeRole.storage("dc1", TB)),
        RoleChange.assign(NodeRole.storage("dc2", 2 * TB, Ring.BLOCK).withTags(List.of("ssd"))),
        RoleChange.assign(NodeRole.gateway("dc1")));
  }

  private static Arbitrary<Lww<RingParameters>> parameters() {
    return Combinators.combine(Arbitraries.longs().between(0, 3), Arbitraries.of(ONE, THREE))
        .as(Lww::new);
  }

  private static Arbitrary<LayoutStaging> staging() {
    Arbitrary<Lww<RoleChange>> staged =
        Combinators.combine(Arbitraries.longs().between(0, 3), changes()).as(Lww::new);
    return Combinators.combine(
            Arbitraries.longs().between(0, 2),
            Arbitraries.maps(nodes(), staged).ofMaxSize(3),
            parameters(),
            parameters())
        .as(
            (epoch, roles, metadata, block) ->
                new LayoutStaging(epoch, new LwwMap<>(new TreeMap<>(roles)), metadata, block));
  }

  private static List<List<LayoutVersion>> pool() {
    List<List<LayoutVersion>> pool = new ArrayList<>();
    pool.add(List.of(LayoutVersion.initial(ONE, ONE), LayoutVersion.initial(THREE, THREE)));
    for (int n = 1; n <= MAX_VERSION; n++) {
      List<LayoutVersion> variants = new ArrayList<>();
      for (int variant = 0; variant < 2; variant++) {
        Map<NodeId, NodeRole> roles = new TreeMap<>();
        roles.put(node(variant), NodeRole.storage("dc" + variant, n * TB));
        roles.put(node(2), NodeRole.gateway("dc9"));
        variants.add(
            new LayoutVersion(
                n,
                roles,
                ONE,
                ONE,
                LayoutComputer.computeRing(Ring.METADATA, n, roles, ONE, null).layout(),
                LayoutComputer.computeRing(Ring.BLOCK, n, roles, ONE, null).layout()));
      }
      pool.add(List.copyOf(variants));
    }
    return List.copyOf(pool);
  }
}
