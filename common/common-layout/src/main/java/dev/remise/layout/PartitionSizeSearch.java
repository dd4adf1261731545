package dev.remise.layout;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Step 2 of {@link LayoutComputer}: the largest partition size (bytes) at which every copy can be
 * placed, found by bisection over max-flow feasibility tests.
 *
 * <p>Feasibility is monotone: a smaller size gives every node at least as many partitions. Garage
 * bisects over [1, total capacity], about 40 max-flows for terabyte nodes. The size only matters
 * through the node capacities {@code ⌊capacity(n) / size⌋}, so the optimum is a size at which one
 * of them is about to drop: if {@code s*} is feasible and {@code s* + 1} is not, some node n has
 * {@code ⌊c(n) / (s* + 1)⌋ = k − 1 < ⌊c(n) / s*⌋} with {@code k ≤ partitions} (capacities are
 * capped at the partition count), hence {@code s* = ⌊c(n) / k⌋}. The search therefore bisects over
 * the sorted values {@code ⌊c(n) / k⌋, k = 1 .. partitions}, at most {@code log2(nodes × 256)} ≈ 16
 * max-flows, each skipped when the summed capacities already fall short. A size above {@code total
 * capacity / (partitions × RF)} cannot hold all copies, which bounds the candidates from above.
 *
 * <p>The result is Garage's: the largest feasible size, whatever the search order.
 */
final class PartitionSizeSearch {
  private PartitionSizeSearch() {}

  /** The largest feasible partition size, or empty when even one byte does not fit. */
  static OptionalLong optimalPartitionSize(AssignmentGraph graph, RingTopology topology) {
    if (!feasible(graph, topology, 1)) {
      return OptionalLong.empty();
    }
    long[] candidates = candidates(topology, graph.partitions());
    // Invariant: candidates[low] is feasible (low == -1 stands for size 1), candidates[high] is not
    // (high == length stands for "above every candidate").
    int low = -1;
    int high = candidates.length;
    while (high - low > 1) {
      int mid = (low + high) >>> 1;
      if (feasible(graph, topology, candidates[mid])) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return OptionalLong.of(low < 0 ? 1 : candidates[low]);
  }

  /** Sizes that can be optimal, above 1 (already known feasible), sorted and distinct. */
  static long[] candidates(RingTopology topology, int partitions) {
    long upper = topology.totalCapacity() / ((long) partitions * topology.replicationFactor);
    long[] values = new long[topology.nodeCount() * partitions];
    int count = 0;
    for (long c : topology.capacities) {
      for (int k = 1; k <= partitions; k++) {
        long s = c / k;
        if (s > 1 && s <= upper) {
          values[count++] = s;
        }
      }
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, distinct);
  }

  private static boolean feasible(AssignmentGraph graph, RingTopology topology, long size) {
    // Necessary condition, far cheaper than a max-flow: the nodes must hold partitions × RF copies.
    long copies = 0;
    for (int n = 0; n < topology.nodeCount(); n++) {
      copies += graph.nodeCapacity(n, size);
    }
    return copies >= graph.fullFlow() && graph.feasible(size);
  }
}
