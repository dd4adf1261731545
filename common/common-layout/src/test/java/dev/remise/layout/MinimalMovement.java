package dev.remise.layout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An independent oracle for step 3: the most (partition, node) pairs of a previous ring that any
 * valid assignment at a given partition size can keep, by successive shortest paths, a different
 * min-cost-flow algorithm from the production cycle cancelling and written separately (edge
 * objects, a queue-based Bellman-Ford).
 *
 * <p>It models the placement with the same network as Garage (the exhaustive test validates that
 * model on small cases), with cost −1 on kept pairs. Starting from the zero flow, whose residual
 * graph is acyclic, and always augmenting along a cheapest path keeps the flow of least cost for
 * its value; at the maximum value, −cost is the most pairs that can be kept.
 */
final class MinimalMovement {
  private record Edge(int to, int[] capacity, int cost, int reverse) {}

  private final List<List<Edge>> graph = new ArrayList<>();

  private MinimalMovement(int vertices) {
    for (int v = 0; v < vertices; v++) {
      graph.add(new ArrayList<>());
    }
  }

  /** Most pairs of {@code previous} kept by an assignment of partitions of {@code size} bytes. */
  static int mostKeptPairs(RingTopology t, int partitions, long size, int[][] previous) {
    int zones = t.zoneCount();
    int nodes = t.nodeCount();
    int source = 0;
    int sink = 1;
    int firstNode = 2 + partitions * (2 + zones);
    MinimalMovement m = new MinimalMovement(firstNode + nodes);
    for (int p = 0; p < partitions; p++) {
      int up = 2 + p * (2 + zones);
      m.add(source, up, t.zoneRedundancy, 0);
      m.add(source, up + 1, t.replicationFactor - t.zoneRedundancy, 0);
      for (int z = 0; z < zones; z++) {
        m.add(up, up + 2 + z, 1, 0);
        m.add(up + 1, up + 2 + z, t.replicationFactor, 0);
      }
      for (int n = 0; n < nodes; n++) {
        int finalN = n;
        boolean kept = Arrays.stream(previous[p]).anyMatch(x -> x == finalN);
        m.add(up + 2 + t.zoneOf[n], firstNode + n, 1, kept ? -1 : 0);
      }
    }
    for (int n = 0; n < nodes; n++) {
      m.add(firstNode + n, sink, (int) Math.min(partitions, t.capacities[n] / size), 0);
    }
    int[] flowAndCost = m.minCostMaxFlow(source, sink);
    if (flowAndCost[0] != partitions * t.replicationFactor) {
      throw new AssertionError("size " + size + " is not feasible: flow " + flowAndCost[0]);
    }
    return -flowAndCost[1];
  }

  private void add(int from, int to, int capacity, int cost) {
    int[] forward = {capacity};
    int[] backward = {0};
    graph.get(from).add(new Edge(to, forward, cost, graph.get(to).size()));
    graph.get(to).add(new Edge(from, backward, -cost, graph.get(from).size() - 1));
  }

  private int[] minCostMaxFlow(int source, int sink) {
    int vertices = graph.size();
    int flow = 0;
    int cost = 0;
    while (true) {
      long[] distance = new long[vertices];
      Arrays.fill(distance, Long.MAX_VALUE);
      int[] fromVertex = new int[vertices];
      int[] fromEdge = new int[vertices];
      boolean[] inQueue = new boolean[vertices];
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      distance[source] = 0;
      queue.add(source);
      while (!queue.isEmpty()) {
        int v = queue.poll();
        inQueue[v] = false;
        List<Edge> edges = graph.get(v);
        for (int i = 0; i < edges.size(); i++) {
          Edge e = edges.get(i);
          if (e.capacity()[0] > 0 && distance[v] + e.cost() < distance[e.to()]) {
            distance[e.to()] = distance[v] + e.cost();
            fromVertex[e.to()] = v;
            fromEdge[e.to()] = i;
            if (!inQueue[e.to()]) {
              inQueue[e.to()] = true;
              queue.add(e.to());
            }
          }
        }
      }
      if (distance[sink] == Long.MAX_VALUE) {
        return new int[] {flow, cost};
      }
      int push = Integer.MAX_VALUE;
      for (int v = sink; v != source; v = fromVertex[v]) {
        push = Math.min(push, graph.get(fromVertex[v]).get(fromEdge[v]).capacity()[0]);
      }
      for (int v = sink; v != source; v = fromVertex[v]) {
        Edge e = graph.get(fromVertex[v]).get(fromEdge[v]);
        e.capacity()[0] -= push;
        graph.get(v).get(e.reverse()).capacity()[0] += push;
      }
      flow += push;
      cost += push * (int) distance[sink];
    }
  }
}
