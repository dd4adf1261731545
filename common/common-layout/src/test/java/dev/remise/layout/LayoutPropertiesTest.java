package dev.remise.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of computed rings over generated clusters (see {@link Clusters#clusters}): 1 to 60
 * nodes, 1 to 6 zones, RF 1 to 5, capacities 1 GB to 1 TB, some gateways and metadata-only nodes.
 * The movement properties use smaller clusters because their oracle is slow.
 */
class LayoutPropertiesTest {

  @Provide
  Arbitrary<Clusters.Cluster> clusters() {
    return Clusters.clusters(60);
  }

  @Provide
  Arbitrary<Clusters.Cluster> smallClusters() {
    return Clusters.clusters(24);
  }

  /**
   * Z zones of m nodes of one capacity (the "balanced cluster" of the acceptance criteria) with
   * zone redundancy "maximum".
   */
  @Provide
  Arbitrary<Clusters.Cluster> balancedClusters() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 6),
            Arbitraries.integers().between(1, 5),
            Arbitraries.longs().between(1, 1000))
        .as(
            (zones, perZone, rf, capacity) -> {
              List<NodeRole> nodes = new ArrayList<>();
              for (int i = 0; i < zones * perZone; i++) {
                nodes.add(NodeRole.storage("dc" + i % zones, capacity * Clusters.GB, Ring.BLOCK));
              }
              return new Clusters.Cluster(nodes, new RingParameters(rf, ZoneRedundancy.maximum()));
            });
  }

  private static RingComputation compute(Clusters.Cluster cluster, RingLayout previous) {
    return LayoutComputer.computeRing(
        Ring.BLOCK, 7, cluster.roles(), cluster.parameters(), previous);
  }

  private static RingTopology topology(Clusters.Cluster cluster) {
    return RingTopology.of(Ring.BLOCK, cluster.roles(), cluster.parameters());
  }

  @Property(tries = 300)
  void everyRingPassesCheckOrTheClusterIsReportedInfeasibleForTheRightReason(
      @ForAll("clusters") Clusters.Cluster cluster) {
    int rf = cluster.parameters().replicationFactor();
    int zr = cluster.parameters().zoneRedundancy().effective(cluster.storageZones(), rf);
    try {
      RingLayout ring = compute(cluster, null).layout();
      assertThat(LayoutChecker.check(ring, cluster.roles(), cluster.parameters())).isEmpty();
      assertThat(cluster.storageNodes()).isGreaterThanOrEqualTo(rf);
      assertThat(cluster.storageZones()).isGreaterThanOrEqualTo(zr);
      assertPromisesKept(ring, cluster.roles(), rf, zr);
    } catch (LayoutException e) {
      // Refused only for what the simple counts show; the other errors cannot arise here.
      assertThat(e.errors())
          .isNotEmpty()
          .allSatisfy(
              error -> {
                switch (error) {
                  case LayoutError.TooFewStorageNodes(_, int nodes, int needed) ->
                      assertThat(nodes).isEqualTo(cluster.storageNodes()).isLessThan(needed);
                  case LayoutError.TooFewZones(_, int zones, int needed) ->
                      assertThat(zones).isEqualTo(cluster.storageZones()).isLessThan(needed);
                  case LayoutError.ZoneRedundancyAboveReplicationFactor e2 ->
                      throw new AssertionError("redundancy is generated up to RF: " + e2);
                  case LayoutError.ZeroCapacity e2 ->
                      throw new AssertionError("capacities are generated positive: " + e2);
                  case LayoutError.TooManyStorageNodes e2 ->
                      throw new AssertionError("at most 60 nodes are generated: " + e2);
                  case LayoutError.CapacityTooSmall e2 ->
                      throw new AssertionError("1 GB nodes hold one-byte partitions: " + e2);
                }
              });
    }
  }

  /** The checker's promises, read straight from the roles (the checker shares code with us). */
  private static void assertPromisesKept(
      RingLayout ring, Map<NodeId, NodeRole> roles, int rf, int zr) {
    for (int p = 0; p < Partition.COUNT; p++) {
      List<NodeId> holders = ring.nodesOf(p);
      assertThat(holders).doesNotHaveDuplicates().hasSize(rf);
      assertThat(holders).allSatisfy(n -> assertThat(roles.get(n).serves(Ring.BLOCK)).isTrue());
      assertThat(holders.stream().map(n -> roles.get(n).zone()).distinct().count())
          .isGreaterThanOrEqualTo(zr);
    }
    ring.partitionCounts()
        .forEach(
            (n, held) ->
                assertThat(held * ring.partitionSize())
                    .isLessThanOrEqualTo(roles.get(n).capacityOrZero()));
  }

  @Property(tries = 200)
  void partitionSizeIsTheLargestAtWhichEveryCopyFits(@ForAll("clusters") Clusters.Cluster cluster) {
    RingTopology topology = topology(cluster);
    Assume.that(topology.problems().isEmpty());
    long size = compute(cluster, null).layout().partitionSize();

    // One byte more: no flow places every copy, and neither does Garage's naive greedy.
    AssignmentGraph graph = new AssignmentGraph(topology, Partition.COUNT, new SeededShuffle(size));
    assertThat(graph.feasible(size + 1)).isFalse();
    assertThat(NaivePlacement.placesEveryCopy(topology, Partition.COUNT, size + 1)).isFalse();
    assertThat(graph.feasible(size)).isTrue();
  }

  @Property(tries = 100)
  void theSameInputGivesTheSameRingWhateverTheOrderOfTheRoles(
      @ForAll("clusters") Clusters.Cluster cluster) {
    Assume.that(topology(cluster).problems().isEmpty());
    List<Map.Entry<NodeId, NodeRole>> entries = new ArrayList<>(cluster.roles().entrySet());
    Collections.reverse(entries);
    Map<NodeId, NodeRole> reversed = new LinkedHashMap<>();
    entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));

    RingLayout first = compute(cluster, null).layout();
    RingLayout again =
        LayoutComputer.computeRing(Ring.BLOCK, 7, reversed, cluster.parameters(), null).layout();

    assertThat(again).isEqualTo(first);
  }

  /**
   * What "no more than necessary" means here: the copies moved equal the fewest that any valid ring
   * of the same (optimal) partition size must move, computed by an independent min-cost flow
   * ({@link MinimalMovement}). Two weaker, obvious bounds are asserted too: at least the copies the
   * new node takes (it held nothing), and at most what recomputing from scratch would move.
   */
  @Property(tries = 80)
  void addingANodeToABalancedClusterMovesOnlyTheNecessaryCopies(
      @ForAll("balancedClusters") Clusters.Cluster cluster,
      @ForAll @IntRange(min = 0, max = 4) int zone) {
    NodeRole newcomer =
        NodeRole.storage("dc" + zone, cluster.nodeRoles().getFirst().capacityOrZero(), Ring.BLOCK);
    assertAddingMovesOnlyTheNecessaryCopies(cluster, newcomer);
  }

  @Property(tries = 80)
  void addingANodeToAnyClusterMovesOnlyTheNecessaryCopies(
      @ForAll("smallClusters") Clusters.Cluster cluster, @ForAll("newcomers") NodeRole newcomer) {
    assertAddingMovesOnlyTheNecessaryCopies(cluster, newcomer);
  }

  @Provide
  Arbitrary<NodeRole> newcomers() {
    return Clusters.blockNode(7);
  }

  private static void assertAddingMovesOnlyTheNecessaryCopies(
      Clusters.Cluster cluster, NodeRole newcomer) {
    Assume.that(topology(cluster).problems().isEmpty());
    RingLayout before = compute(cluster, null).layout();
    Clusters.Cluster grown = cluster.with(newcomer);
    NodeId added = Clusters.node(cluster.nodeRoles().size());

    RingComputation after = compute(grown, before);

    RingLayout ring = after.layout();
    assertThat(LayoutChecker.check(ring, grown.roles(), grown.parameters())).isEmpty();
    int moved = after.statistics().newCopies();
    assertThat(moved).isEqualTo(fewestMoves(grown, ring.partitionSize(), before));
    assertThat(moved).isGreaterThanOrEqualTo(ring.partitionCount(added));
    RingLayout scratch =
        LayoutComputer.computeRing(Ring.BLOCK, 8, grown.roles(), grown.parameters(), null).layout();
    assertThat(moved)
        .isLessThanOrEqualTo(LayoutStatistics.of(before, scratch, grown.roles()).newCopies());
  }

  /**
   * Removing a node must re-create every copy it held elsewhere (so at least that many move), and
   * beyond that moves only what the constraints force: the count equals the independent minimum.
   */
  @Property(tries = 80)
  void removingANodeMovesWhatItHeldAndOnlyWhatTheConstraintsForce(
      @ForAll("smallClusters") Clusters.Cluster cluster, @ForAll int pick) {
    Assume.that(topology(cluster).problems().isEmpty());
    RingLayout before = compute(cluster, null).layout();
    int victim = Math.floorMod(pick, cluster.nodeRoles().size());
    List<NodeRole> rest = new ArrayList<>(cluster.nodeRoles());
    rest.remove(victim);
    // Keep the ids of the remaining nodes: rebuild the role map without the victim.
    Map<NodeId, NodeRole> shrunk = new LinkedHashMap<>(cluster.roles());
    NodeId removed = Clusters.node(victim);
    shrunk.remove(removed);
    RingTopology topology = RingTopology.of(Ring.BLOCK, shrunk, cluster.parameters());
    Assume.that(topology.problems().isEmpty());

    RingComputation after =
        LayoutComputer.computeRing(Ring.BLOCK, 8, shrunk, cluster.parameters(), before);

    assertThat(LayoutChecker.check(after.layout(), shrunk, cluster.parameters())).isEmpty();
    int moved = after.statistics().newCopies();
    assertThat(moved).isGreaterThanOrEqualTo(before.partitionCount(removed));
    int rf = cluster.parameters().replicationFactor();
    int kept =
        MinimalMovement.mostKeptPairs(
            topology, Partition.COUNT, after.layout().partitionSize(), holders(before, topology));
    assertThat(moved).isEqualTo(Partition.COUNT * rf - kept);
  }

  private static int fewestMoves(Clusters.Cluster cluster, long size, RingLayout before) {
    RingTopology topology = topology(cluster);
    int kept =
        MinimalMovement.mostKeptPairs(topology, Partition.COUNT, size, holders(before, topology));
    return Partition.COUNT * cluster.parameters().replicationFactor() - kept;
  }

  /** The previous holders of each partition as indices among {@code topology}'s nodes. */
  private static int[][] holders(RingLayout before, RingTopology topology) {
    int[][] holders = new int[Partition.COUNT][];
    for (int p = 0; p < Partition.COUNT; p++) {
      holders[p] =
          before.nodesOf(p).stream()
              .mapToInt(topology.nodes::indexOf)
              .filter(i -> i >= 0)
              .toArray();
    }
    return holders;
  }
}
