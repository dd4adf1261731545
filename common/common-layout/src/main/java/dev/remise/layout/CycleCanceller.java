package dev.remise.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Step 4 of {@link LayoutComputer}: among all maximum flows, one of least cost, by cancelling
 * negative cycles. The layout gives cost −1 to the edges {@code PZ(p, zone(n)) → N(n)} of pairs (p,
 * n) that the previous ring had, so the least cost keeps the most partition copies where they are.
 *
 * <p>A flow has least cost among flows of its value iff its residual graph has no cycle of negative
 * cost; pushing flow around such a cycle keeps every vertex balanced (so the flow value) and lowers
 * the cost. As in Garage: run Bellman-Ford from a virtual source (every distance starts at 0, so
 * every cycle is reachable), read cycles off the predecessor graph (a functional graph: one
 * predecessor per vertex), push along each of them, since they share no vertex, and repeat until
 * none is found.
 *
 * <p>Garage runs a fixed {@code 4 × nodes + 1} rounds per search and then looks for cycles. Here a
 * round relaxes only the vertices whose distance changed in the previous one, the search stops as
 * soon as a round changes nothing (no negative cycle exists then: the flow is optimal), and the
 * predecessor graph is inspected after every round, so a cycle is cancelled as soon as it forms.
 * The result is the same. Any cycle of the predecessor graph is negative (a standard lemma of
 * Bellman-Ford with strict relaxations; checked here anyway), and one must form while a negative
 * cycle exists: with an acyclic predecessor graph, every distance is at least the cost of a simple
 * path, which costs at least −(vertices − 1) when arc costs are −1, 0 or 1.
 */
final class CycleCanceller {
  private final FlowNetwork network;
  private final int[] cost;
  private final int vertices;
  private final long[] distance;
  private final int[] predecessorArc;
  private final int[] mark;
  private final boolean[] queued;
  private int[] active;
  private int[] next;

  private CycleCanceller(FlowNetwork network, int[] cost) {
    this.network = network;
    this.cost = cost;
    this.vertices = network.vertexCount();
    this.distance = new long[vertices];
    this.predecessorArc = new int[vertices];
    this.mark = new int[vertices];
    this.queued = new boolean[vertices];
    this.active = new int[vertices];
    this.next = new int[vertices];
  }

  /**
   * Rewrites the flow of {@code network} into one of the same value and least cost, where {@code
   * cost[a]} is the cost of a unit on arc {@code a}: costs are in {-1, 0, 1} and {@code cost[a ^ 1]
   * == -cost[a]}. Returns how much the cost went down.
   */
  static long minimiseCost(FlowNetwork network, int[] cost) {
    CycleCanceller canceller = new CycleCanceller(network, cost);
    long saved = 0;
    for (List<int[]> cycles = canceller.negativeCycles();
        !cycles.isEmpty();
        cycles = canceller.negativeCycles()) {
      for (int[] cycle : cycles) {
        saved += canceller.cancel(cycle);
      }
    }
    return saved;
  }

  /** Pushes the cycle's bottleneck around it; returns the cost saved. */
  private long cancel(int[] cycle) {
    int bottleneck = Integer.MAX_VALUE;
    long cycleCost = 0;
    for (int a : cycle) {
      bottleneck = Math.min(bottleneck, network.residual(a));
      cycleCost += cost[a];
    }
    if (cycleCost >= 0 || bottleneck <= 0) {
      throw new IllegalStateException("not a negative residual cycle: cost " + cycleCost);
    }
    for (int a : cycle) {
      network.push(a, bottleneck);
    }
    return -cycleCost * bottleneck;
  }

  /** Vertex-disjoint negative cycles (as arc lists), or none when the flow is of least cost. */
  private List<int[]> negativeCycles() {
    Arrays.fill(distance, 0);
    Arrays.fill(predecessorArc, -1);
    int activeCount = vertices;
    for (int v = 0; v < vertices; v++) {
      active[v] = v;
    }
    while (activeCount > 0) {
      int nextCount = 0;
      Arrays.fill(queued, false);
      long lowest = 0;
      for (int i = 0; i < activeCount; i++) {
        int v = active[i];
        long dv = distance[v];
        int end = network.firstArcIndex(v + 1);
        for (int k = network.firstArcIndex(v); k < end; k++) {
          int a = network.arcAt(k);
          if (network.residual(a) <= 0) {
            continue;
          }
          int w = network.head(a);
          long d = dv + cost[a];
          if (d < distance[w]) {
            distance[w] = d;
            predecessorArc[w] = a;
            lowest = Math.min(lowest, d);
            if (!queued[w]) {
              queued[w] = true;
              next[nextCount++] = w;
            }
          }
        }
      }
      List<int[]> cycles = predecessorCycles();
      if (!cycles.isEmpty()) {
        return cycles;
      }
      if (lowest < -vertices) {
        throw new IllegalStateException("distances fell below any simple path without a cycle");
      }
      int[] swap = active;
      active = next;
      next = swap;
      activeCount = nextCount;
    }
    return List.of();
  }

  /** The cycles of the predecessor graph, each as its arcs in the direction flow is pushed. */
  private List<int[]> predecessorCycles() {
    Arrays.fill(mark, -1);
    List<int[]> cycles = new ArrayList<>();
    for (int start = 0; start < vertices; start++) {
      int v = start;
      while (v >= 0 && mark[v] < 0) {
        mark[v] = start;
        int a = predecessorArc[v];
        v = a < 0 ? -1 : network.tail(a);
      }
      if (v >= 0 && mark[v] == start) {
        // v is on a cycle first met from this start: walk it once more to collect its arcs.
        List<Integer> arcs = new ArrayList<>();
        int u = v;
        do {
          int a = predecessorArc[u];
          arcs.add(a);
          u = network.tail(a);
        } while (u != v);
        cycles.add(arcs.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    return cycles;
  }
}
