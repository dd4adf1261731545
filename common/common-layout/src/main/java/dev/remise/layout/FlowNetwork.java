package dev.remise.layout;

import java.util.Arrays;

/**
 * A flow network on int arrays with Dinic's maximum flow, the engine of the layout computation.
 *
 * <p>Edges are added as pairs of arcs: arc {@code a} (even) carries the capacity, arc {@code a ^ 1}
 * is its reverse with capacity 0, and {@code flow[a ^ 1] == -flow[a]} at all times, so the residual
 * capacity of any arc is {@code capacity - flow}. After {@link #seal} the arcs leaving each vertex
 * sit in one slice of an adjacency array (compressed sparse rows), shuffled once by a seeded
 * shuffle: Dinic's depth-first search then spreads partitions over nodes instead of filling nodes
 * in index order, yet the same input always gives the same flow.
 *
 * <p>{@link #maxFlow} starts from the flow already present, so a caller can raise capacities or
 * open arcs and continue; that is how the layout first uses the previous assignment's edges only,
 * and how the partition-size search reuses a flow when capacities only grow.
 *
 * <p>Dinic: a breadth-first search labels vertices with their residual distance from the source;
 * then depth-first searches push flow along shortest paths only ("blocking flow"), each vertex
 * remembering the next arc to try so that a dead arc is never looked at twice in a phase. The
 * network is small (about 2 + 256 × (2 + zones) + nodes vertices) and most capacities are 1, so a
 * phase is linear in the arcs and there are few phases.
 */
final class FlowNetwork {
  private final int vertexCount;
  private int arcCount;
  private int[] head;
  private int[] capacity;
  private int[] flow;

  // Compressed rows, filled by seal(): arcs leaving v are adjacency[start[v] .. start[v + 1]).
  private int[] start;
  private int[] adjacency;

  // Dinic's working arrays, kept to avoid reallocating per phase.
  private int[] level;
  private int[] cursor;
  private int[] queue;
  private int[] path;

  FlowNetwork(int vertexCount, int expectedEdges) {
    this.vertexCount = vertexCount;
    this.head = new int[2 * expectedEdges];
    this.capacity = new int[2 * expectedEdges];
    this.flow = new int[2 * expectedEdges];
  }

  /** Adds {@code from → to}; returns its arc id (the reverse arc is {@code id ^ 1}). */
  int addEdge(int from, int to, int edgeCapacity) {
    if (start != null) {
      throw new IllegalStateException("the network is sealed");
    }
    if (arcCount + 2 > head.length) {
      int grown = Math.max(16, 2 * head.length);
      head = Arrays.copyOf(head, grown);
      capacity = Arrays.copyOf(capacity, grown);
      flow = Arrays.copyOf(flow, grown);
    }
    int arc = arcCount;
    head[arc] = to;
    capacity[arc] = edgeCapacity;
    head[arc + 1] = from;
    arcCount += 2;
    return arc;
  }

  /** Freezes the topology and shuffles every vertex's arcs with {@code shuffle}. */
  void seal(SeededShuffle shuffle) {
    start = new int[vertexCount + 1];
    for (int a = 0; a < arcCount; a++) {
      start[tail(a) + 1]++;
    }
    for (int v = 0; v < vertexCount; v++) {
      start[v + 1] += start[v];
    }
    adjacency = new int[arcCount];
    int[] fill = Arrays.copyOf(start, vertexCount);
    for (int a = 0; a < arcCount; a++) {
      adjacency[fill[tail(a)]++] = a;
    }
    for (int v = 0; v < vertexCount; v++) {
      shuffle.shuffle(adjacency, start[v], start[v + 1]);
    }
    level = new int[vertexCount];
    cursor = new int[vertexCount];
    queue = new int[vertexCount];
    path = new int[vertexCount];
  }

  int vertexCount() {
    return vertexCount;
  }

  int arcCount() {
    return arcCount;
  }

  int head(int arc) {
    return head[arc];
  }

  int tail(int arc) {
    return head[arc ^ 1];
  }

  int flow(int arc) {
    return flow[arc];
  }

  int capacity(int arc) {
    return capacity[arc];
  }

  int residual(int arc) {
    return capacity[arc] - flow[arc];
  }

  /** First index into {@link #arcAt} of the arcs leaving {@code v}; they end at {@code v + 1}. */
  int firstArcIndex(int v) {
    return start[v];
  }

  int arcAt(int index) {
    return adjacency[index];
  }

  void setCapacity(int arc, int newCapacity) {
    capacity[arc] = newCapacity;
  }

  /** Sends {@code amount} more along {@code arc} (less along its reverse). */
  void push(int arc, int amount) {
    flow[arc] += amount;
    flow[arc ^ 1] -= amount;
  }

  void clearFlow() {
    Arrays.fill(flow, 0, arcCount, 0);
  }

  /** Flow leaving {@code v} on its forward arcs. */
  int outflow(int v) {
    int total = 0;
    for (int i = start[v]; i < start[v + 1]; i++) {
      int a = adjacency[i];
      if ((a & 1) == 0 && flow[a] > 0) {
        total += flow[a];
      }
    }
    return total;
  }

  /**
   * Raises the flow from {@code source} to {@code sink} to a maximum, starting from the current
   * flow (which must be a valid flow for the current capacities). Returns the flow value.
   */
  int maxFlow(int source, int sink) {
    while (labelLevels(source, sink)) {
      System.arraycopy(start, 0, cursor, 0, vertexCount);
      while (augment(source, sink)) {
        // Each call pushes along one shortest path; the phase ends when none is left.
      }
    }
    return outflow(source);
  }

  /** Breadth-first residual distances from the source; false when the sink is unreachable. */
  private boolean labelLevels(int source, int sink) {
    Arrays.fill(level, -1);
    level[source] = 0;
    queue[0] = source;
    int read = 0;
    int write = 1;
    while (read < write) {
      int v = queue[read++];
      // Vertices at the sink's distance or beyond cannot lie on a shortest path to it.
      if (level[sink] >= 0 && level[v] >= level[sink]) {
        break;
      }
      for (int i = start[v]; i < start[v + 1]; i++) {
        int a = adjacency[i];
        int w = head[a];
        if (level[w] < 0 && capacity[a] > flow[a]) {
          level[w] = level[v] + 1;
          queue[write++] = w;
        }
      }
    }
    return level[sink] >= 0;
  }

  /**
   * One depth-first search along level-increasing residual arcs; pushes its bottleneck and returns
   * true, or returns false when the source has no such path left in this phase. Iterative, because
   * residual paths can be as long as the vertex count.
   */
  private boolean augment(int source, int sink) {
    int depth = 0;
    int v = source;
    while (true) {
      if (v == sink) {
        int bottleneck = Integer.MAX_VALUE;
        for (int i = 0; i < depth; i++) {
          bottleneck = Math.min(bottleneck, residual(path[i]));
        }
        for (int i = 0; i < depth; i++) {
          push(path[i], bottleneck);
        }
        return true;
      }
      int end = start[v + 1];
      int i = cursor[v];
      while (i < end) {
        int a = adjacency[i];
        if (capacity[a] > flow[a] && level[head[a]] == level[v] + 1) {
          break;
        }
        i++;
      }
      cursor[v] = i;
      if (i < end) {
        int a = adjacency[i];
        path[depth++] = a;
        v = head[a];
      } else {
        // Dead end for the rest of the phase: retreat and skip the arc that led here.
        if (v == source) {
          return false;
        }
        level[v] = -1;
        int back = path[--depth];
        v = tail(back);
        cursor[v]++;
      }
    }
  }
}
