package dev.remise.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ground truth on tiny rings: tries every assignment of every partition to every valid set of
 * holders (RF distinct nodes spanning at least the zone redundancy's zones). An assignment supports
 * partitions up to {@code min over used nodes of ⌊capacity / partitions held⌋} bytes; the optimum
 * is the best such size, and among the assignments reaching it, the most pairs of a previous ring
 * kept. Nothing here shares code or modelling with the flow network.
 */
final class ExhaustiveSearch {
  record Optimum(long partitionSize, int mostKeptPairs) {}

  private final RingTopology topology;
  private final int partitions;
  private final int[][] previous;
  private final List<int[]> holderSets = new ArrayList<>();
  private final int[] held;
  private long bestSize;
  private int bestKept;

  private ExhaustiveSearch(RingTopology topology, int partitions, int[][] previous) {
    this.topology = topology;
    this.partitions = partitions;
    this.previous = previous;
    this.held = new int[topology.nodeCount()];
  }

  /** How many assignments {@link #solve} would try: (valid holder sets)^partitions. */
  static double assignmentCount(RingTopology topology, int partitions) {
    ExhaustiveSearch search = new ExhaustiveSearch(topology, partitions, new int[0][]);
    search.collectHolderSets(0, new ArrayList<>());
    return Math.pow(search.holderSets.size(), partitions);
  }

  /** The optimum, or empty when no assignment holds even one-byte partitions. */
  static Optional<Optimum> solve(RingTopology topology, int partitions, int[][] previous) {
    ExhaustiveSearch search = new ExhaustiveSearch(topology, partitions, previous);
    search.collectHolderSets(0, new ArrayList<>());
    search.assign(0, 0);
    return search.bestSize == 0
        ? Optional.empty()
        : Optional.of(new Optimum(search.bestSize, search.bestKept));
  }

  private void collectHolderSets(int from, List<Integer> chosen) {
    if (chosen.size() == topology.replicationFactor) {
      long zones = chosen.stream().map(n -> topology.zoneOf[n]).distinct().count();
      if (zones >= topology.zoneRedundancy) {
        holderSets.add(chosen.stream().mapToInt(Integer::intValue).toArray());
      }
      return;
    }
    for (int n = from; n < topology.nodeCount(); n++) {
      chosen.add(n);
      collectHolderSets(n + 1, chosen);
      chosen.removeLast();
    }
  }

  private void assign(int partition, int kept) {
    if (partition == partitions) {
      long size = Long.MAX_VALUE;
      for (int n = 0; n < held.length; n++) {
        if (held[n] > 0) {
          size = Math.min(size, topology.capacities[n] / held[n]);
        }
      }
      if (size > bestSize) {
        bestSize = size;
        bestKept = kept;
      } else if (size == bestSize && size > 0) {
        bestKept = Math.max(bestKept, kept);
      }
      return;
    }
    for (int[] set : holderSets) {
      int keptHere = 0;
      for (int n : set) {
        held[n]++;
        for (int old : previous[partition]) {
          keptHere += old == n ? 1 : 0;
        }
      }
      assign(partition + 1, kept + keptHere);
      for (int n : set) {
        held[n]--;
      }
    }
  }
}
