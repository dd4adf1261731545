package dev.remise.layout;

import dev.remise.core.Blake2;
import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Computes rings with Garage's optimal assignment, one ring at a time:
 *
 * <ol>
 *   <li>check what makes the ring impossible outright (too few nodes or zones, zero capacities,
 *       more than 256 nodes) and report it as {@link LayoutError}s saying what to change;
 *   <li>find the largest partition size at which every partition gets RF distinct nodes in at least
 *       zone-redundancy zones without exceeding any node's capacity ({@link PartitionSizeSearch},
 *       max-flow on the {@link AssignmentGraph});
 *   <li>compute a flow at that size close to the previous ring: first with only the edges of
 *       (partition, node) pairs the previous ring had, then with all edges, continuing from that
 *       flow;
 *   <li>turn it into the flow, among all that place every copy at that size, keeping the most pairs
 *       of the previous ring, i.e. moving the fewest copies ({@link CycleCanceller});
 *   <li>read the ring off the flow.
 * </ol>
 *
 * The flow searches visit arcs in an order shuffled by a seed drawn from the version number, the
 * ring and the node ids, which spreads partitions over many node combinations and makes the result
 * a function of the input: a preview and the apply that follows agree.
 */
public final class LayoutComputer {
  private LayoutComputer() {}

  /**
   * Computes the next layout version from the roles of every node (gateways included) and the
   * parameters of both rings; version 1 when there is no previous one. Problems in both rings are
   * reported together.
   *
   * @throws LayoutException when either ring cannot be computed
   */
  public static LayoutVersion computeVersion(
      @Nullable LayoutVersion previous,
      Map<NodeId, NodeRole> roles,
      RingParameters metadata,
      RingParameters block) {
    long version = previous == null ? 1 : previous.version() + 1;
    Map<Ring, RingLayout> rings = new HashMap<>();
    List<LayoutError> errors = new ArrayList<>();
    for (Ring ring : Ring.values()) {
      RingParameters parameters = ring == Ring.METADATA ? metadata : block;
      try {
        RingLayout before = previous == null ? null : previous.ring(ring);
        rings.put(ring, computeRing(ring, version, roles, parameters, before).layout());
      } catch (LayoutException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new LayoutException(errors);
    }
    return new LayoutVersion(
        version, roles, metadata, block, rings.get(Ring.METADATA), rings.get(Ring.BLOCK));
  }

  /**
   * Computes one ring for layout {@code version} over the nodes of {@code roles} that serve it.
   *
   * @param previous the ring being replaced, whose placements are kept as far as possible; {@code
   *     null} or empty for a first layout
   * @throws LayoutException when the ring cannot be computed
   */
  public static RingComputation computeRing(
      Ring ring,
      long version,
      Map<NodeId, NodeRole> roles,
      RingParameters parameters,
      @Nullable RingLayout previous) {
    if (previous != null && previous.ring() != ring) {
      throw new IllegalArgumentException("the previous " + ring.label() + " ring is the wrong one");
    }
    RingTopology topology = RingTopology.of(ring, roles, parameters);
    List<LayoutError> problems = topology.problems();
    if (!problems.isEmpty()) {
      throw new LayoutException(problems);
    }
    int[][] before = previousHolders(topology, previous);
    Assignment assignment =
        assign(topology, Partition.COUNT, before, seed(version, ring, topology.nodes));
    byte[] entries = new byte[Partition.COUNT * topology.replicationFactor];
    for (int p = 0; p < Partition.COUNT; p++) {
      for (int c = 0; c < topology.replicationFactor; c++) {
        entries[p * topology.replicationFactor + c] = (byte) assignment.ring[p][c];
      }
    }
    RingLayout layout =
        new RingLayout(
            ring,
            topology.nodes,
            topology.replicationFactor,
            topology.zoneRedundancy,
            assignment.partitionSize,
            entries);
    return new RingComputation(layout, LayoutStatistics.of(previous, layout, roles));
  }

  /**
   * The computed size and, per partition, the RF holder indices.
   *
   * @param keptPairs pairs of {@code previous} still in the ring (0 without a previous ring)
   */
  record Assignment(long partitionSize, int[][] ring, int keptPairs) {}

  /**
   * Steps 2 to 5 on {@code partitions} partitions (256 in layouts; fewer in tests that compare with
   * exhaustive search). {@code previous[p]} lists the node indices that held p, or {@code previous}
   * is null for a first layout.
   */
  static Assignment assign(
      RingTopology topology, int partitions, int @Nullable [][] previous, long seed) {
    AssignmentGraph graph = new AssignmentGraph(topology, partitions, new SeededShuffle(seed));
    OptionalLong size = PartitionSizeSearch.optimalPartitionSize(graph, topology);
    if (size.isEmpty()) {
      throw new LayoutException(
          List.of(
              new LayoutError.CapacityTooSmall(
                  topology.ring, topology.totalCapacity(), graph.fullFlow())));
    }
    graph.network().clearFlow();
    graph.setPartitionSize(size.getAsLong());
    int kept = 0;
    if (previous == null) {
      graph.maxFlow();
    } else {
      boolean[] held = heldPairs(topology, partitions, previous);
      setPairs(graph, topology, held, true);
      graph.maxFlow();
      setPairs(graph, topology, held, false);
      graph.maxFlow();
      CycleCanceller.minimiseCost(graph.network(), keepCosts(graph, topology, held));
      for (int p = 0; p < partitions; p++) {
        for (int n = 0; n < topology.nodeCount(); n++) {
          kept += held[p * topology.nodeCount() + n] && graph.holds(p, n) ? 1 : 0;
        }
      }
    }
    if (graph.flowValue() != graph.fullFlow()) {
      throw new IllegalStateException("the optimal size was feasible but the final flow is not");
    }
    return new Assignment(size.getAsLong(), graph.assignment(), kept);
  }

  /** The seed of the shuffle: the first 8 bytes of a BLAKE2 of the version, ring and node ids. */
  static long seed(long version, Ring ring, List<NodeId> nodes) {
    Blake2 digest = new Blake2();
    byte[] head = ByteBuffer.allocate(12).putLong(version).putInt(ring.ordinal()).array();
    digest.update(head, 0, head.length);
    for (NodeId id : nodes) {
      byte[] b = id.bytes();
      digest.update(b, 0, b.length);
    }
    return ByteBuffer.wrap(digest.finish().bytes()).getLong();
  }

  /** The previous ring's holders of each partition, as indices among the ring's current nodes. */
  private static int @Nullable [][] previousHolders(
      RingTopology topology, @Nullable RingLayout previous) {
    if (previous == null || previous.isEmpty()) {
      return null;
    }
    Map<NodeId, Integer> index = new HashMap<>();
    for (int n = 0; n < topology.nodeCount(); n++) {
      index.put(topology.nodes.get(n), n);
    }
    int[][] holders = new int[Partition.COUNT][];
    for (int p = 0; p < Partition.COUNT; p++) {
      // Nodes that left the ring drop out: their copies cannot be kept.
      holders[p] =
          previous.nodesOf(p).stream().filter(index::containsKey).mapToInt(index::get).toArray();
    }
    return holders;
  }

  private static boolean[] heldPairs(RingTopology topology, int partitions, int[][] previous) {
    boolean[] held = new boolean[partitions * topology.nodeCount()];
    for (int p = 0; p < partitions; p++) {
      for (int n : previous[p]) {
        held[p * topology.nodeCount() + n] = true;
      }
    }
    return held;
  }

  /** Opens the previously held pairs only ({@code heldOnly}) or every pair. */
  private static void setPairs(
      AssignmentGraph graph, RingTopology topology, boolean[] held, boolean heldOnly) {
    for (int p = 0; p < graph.partitions(); p++) {
      for (int n = 0; n < topology.nodeCount(); n++) {
        graph.allowPair(p, n, !heldOnly || held[p * topology.nodeCount() + n]);
      }
    }
  }

  /** Cost −1 per unit on a previously held pair's edge (+1 to undo it), 0 elsewhere. */
  private static int[] keepCosts(AssignmentGraph graph, RingTopology topology, boolean[] held) {
    int[] cost = new int[graph.network().arcCount()];
    for (int p = 0; p < graph.partitions(); p++) {
      for (int n = 0; n < topology.nodeCount(); n++) {
        if (held[p * topology.nodeCount() + n]) {
          int arc = graph.pairArc(p, n);
          cost[arc] = -1;
          cost[arc ^ 1] = 1;
        }
      }
    }
    return cost;
  }
}
