package dev.remise.layout;

import java.util.Arrays;

/**
 * The naive placement Garage's tests hold the optimal size against, reimplemented: a greedy that,
 * when it succeeds, proves a partition size feasible, so the computed size must make it fail one
 * byte higher. It is not complete (Garage's comment gives a case it misses), hence only that
 * direction is tested.
 *
 * <p>Each zone gets as many tokens as its nodes can hold partitions ({@code min(partitions,
 * ⌊capacity / size⌋)} each). Copies are dealt out round by round (copy 0 of every partition, then
 * copy 1, ...), each from the current zone, which only moves forward when it runs out of tokens or
 * would break the zone rule. Every zone thus serves one contiguous run of the (copy, partition)
 * sequence, in which two copies of a partition are {@code partitions} apart; cutting the run into
 * per-node pieces of at most {@code partitions} tokens puts no partition twice on a node. A copy
 * may go to the zone of the partition's previous copy only if the partition can still reach the
 * zone redundancy with the copies left; at the end every partition must have reached it.
 */
final class NaivePlacement {
  private NaivePlacement() {}

  static boolean placesEveryCopy(RingTopology topology, int partitions, long size) {
    int zones = topology.zoneCount();
    long[] tokens = new long[zones];
    for (int n = 0; n < topology.nodeCount(); n++) {
      tokens[topology.zoneOf[n]] += Math.min(partitions, topology.capacities[n] / size);
    }
    int rf = topology.replicationFactor;
    int zr = topology.zoneRedundancy;
    int[] lastZone = new int[partitions];
    int[] distinctZones = new int[partitions];
    Arrays.fill(lastZone, -1);
    int zone = 0;
    for (int copy = 0; copy < rf; copy++) {
      for (int p = 0; p < partitions; p++) {
        while (zone < zones
            && (tokens[zone] == 0
                || (lastZone[p] == zone && distinctZones[p] + (rf - copy - 1) < zr))) {
          zone++;
        }
        if (zone == zones) {
          return false;
        }
        tokens[zone]--;
        if (lastZone[p] != zone) {
          distinctZones[p]++;
          lastZone[p] = zone;
        }
      }
    }
    for (int p = 0; p < partitions; p++) {
      if (distinctZones[p] < zr) {
        return false;
      }
    }
    return true;
  }
}
