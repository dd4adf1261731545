package dev.remise.layout;

import java.util.stream.IntStream;

/**
 * Garage's flow graph for one ring at a given partition size: a flow saturating the source is a
 * valid assignment, and {@code partition p is on node n} iff the edge {@code PZ(p, zone(n)) → N(n)}
 * carries one unit.
 *
 * <pre>
 *   Source ─zr───────→ Up(p) ───1 per zone──→ PZ(p, z) ──1──→ N(n) ──⌊capacity(n) / size⌋──→ Sink
 *   Source ─(RF−zr)──→ Down(p) ─(RF−zr)──────↗        (n in zone z)
 * </pre>
 *
 * <ul>
 *   <li>the two source edges give every partition RF units, so a saturating flow places RF copies;
 *   <li>the zr "up" units reach distinct zones (one unit per {@code Up → PZ} edge), so every
 *       partition has at least zr zones; the RF − zr "down" units go anywhere (Garage gives {@code
 *       Down → PZ} capacity RF; anything ≥ RF − zr is the same);
 *   <li>no zone has a cap of its own: a zone receives at most 1 + (RF − zr) copies of a partition,
 *       which at least zr distinct zones imply anyway;
 *   <li>{@code PZ → N} has capacity 1: a node holds a partition at most once;
 *   <li>{@code N → Sink} is the node's capacity counted in partitions, capped at the partition
 *       count (a node cannot hold more, so the cap changes no flow and keeps the arithmetic in
 *       ints).
 * </ul>
 *
 * The topology is the same at every partition size, so the graph is built once per computation and
 * only the sink capacities change. The partition count is a parameter so that tests can compare the
 * algorithm with exhaustive search on a handful of partitions; layouts always use 256.
 */
final class AssignmentGraph {
  private static final int SOURCE = 0;
  private static final int SINK = 1;

  private final RingTopology topology;
  private final int partitions;
  private final int zones;
  private final FlowNetwork network;
  private final int[] pairArc; // [p * nodes + n]: the arc PZ(p, zone(n)) → N(n)
  private final int[] sinkArc; // [n]: the arc N(n) → Sink

  AssignmentGraph(RingTopology topology, int partitions, SeededShuffle shuffle) {
    this.topology = topology;
    this.partitions = partitions;
    this.zones = topology.zoneCount();
    int nodes = topology.nodeCount();
    int rf = topology.replicationFactor;
    int zr = topology.zoneRedundancy;
    int vertices = 2 + partitions * (2 + zones) + nodes;
    this.network = new FlowNetwork(vertices, partitions * (2 + 2 * zones + nodes) + nodes);
    this.pairArc = new int[partitions * nodes];
    this.sinkArc = new int[nodes];
    for (int p = 0; p < partitions; p++) {
      network.addEdge(SOURCE, up(p), zr);
      network.addEdge(SOURCE, down(p), rf - zr);
      for (int z = 0; z < zones; z++) {
        network.addEdge(up(p), partitionZone(p, z), 1);
        network.addEdge(down(p), partitionZone(p, z), rf - zr);
      }
      for (int n = 0; n < nodes; n++) {
        pairArc[p * nodes + n] = network.addEdge(partitionZone(p, topology.zoneOf[n]), node(n), 1);
      }
    }
    for (int n = 0; n < nodes; n++) {
      sinkArc[n] = network.addEdge(node(n), SINK, 0);
    }
    network.seal(shuffle);
  }

  int partitions() {
    return partitions;
  }

  /** The flow value that places every copy: partitions × RF. */
  int fullFlow() {
    return partitions * topology.replicationFactor;
  }

  FlowNetwork network() {
    return network;
  }

  /** Node n's capacity in partitions of {@code partitionSize} bytes. */
  int nodeCapacity(int n, long partitionSize) {
    return (int) Math.min(partitions, topology.capacities[n] / partitionSize);
  }

  /**
   * Sets the node capacities for {@code partitionSize}. The current flow is kept when it still fits
   * (every capacity grew or stayed), which lets the next max-flow continue from it; otherwise it is
   * cleared.
   */
  void setPartitionSize(long partitionSize) {
    boolean fits = true;
    for (int n = 0; n < sinkArc.length; n++) {
      int c = nodeCapacity(n, partitionSize);
      network.setCapacity(sinkArc[n], c);
      fits &= network.flow(sinkArc[n]) <= c;
    }
    if (!fits) {
      network.clearFlow();
    }
  }

  /** Whether every copy can be placed with partitions of {@code partitionSize} bytes. */
  boolean feasible(long partitionSize) {
    setPartitionSize(partitionSize);
    return maxFlow() == fullFlow();
  }

  int maxFlow() {
    return network.maxFlow(SOURCE, SINK);
  }

  /** The value of the current flow. */
  int flowValue() {
    return network.outflow(SOURCE);
  }

  /** Opens or closes the edge letting node n hold partition p. */
  void allowPair(int p, int n, boolean allowed) {
    network.setCapacity(pairArc[p * topology.nodeCount() + n], allowed ? 1 : 0);
  }

  int pairArc(int p, int n) {
    return pairArc[p * topology.nodeCount() + n];
  }

  boolean holds(int p, int n) {
    return network.flow(pairArc(p, n)) > 0;
  }

  /**
   * The ring read from a saturating flow: for each partition its RF node indices, grouped by zone
   * id then ascending (the order carries no preference; it only makes the encoding canonical).
   */
  int[][] assignment() {
    int rf = topology.replicationFactor;
    int[][] nodesOfZone = new int[zones][];
    for (int z = 0; z < zones; z++) {
      int zone = z;
      nodesOfZone[z] =
          IntStream.range(0, topology.nodeCount())
              .filter(n -> topology.zoneOf[n] == zone)
              .toArray();
    }
    int[][] ring = new int[partitions][];
    for (int p = 0; p < partitions; p++) {
      int[] holders = new int[rf];
      int count = 0;
      for (int z = 0; z < zones; z++) {
        for (int n : nodesOfZone[z]) {
          if (holds(p, n)) {
            if (count == rf) {
              throw new IllegalStateException("partition " + p + " has more than RF holders");
            }
            holders[count++] = n;
          }
        }
      }
      if (count != rf) {
        throw new IllegalStateException("partition " + p + " has " + count + " holders, not " + rf);
      }
      ring[p] = holders;
    }
    return ring;
  }

  private int up(int p) {
    return 2 + p * (2 + zones);
  }

  private int down(int p) {
    return up(p) + 1;
  }

  private int partitionZone(int p, int z) {
    return up(p) + 2 + z;
  }

  private int node(int n) {
    return 2 + partitions * (2 + zones) + n;
  }
}
