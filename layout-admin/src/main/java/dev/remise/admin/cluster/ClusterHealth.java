package dev.remise.admin.cluster;

import java.util.Locale;

/**
 * The answer to {@code GetClusterHealth}, Garage's counters (see {@link NodeRegistry} for how the
 * partitions are judged over two rings).
 *
 * @param knownNodes nodes heard from since layout-admin started
 * @param connectedNodes of those, the ones up now
 * @param storageNodes nodes with a storage role in the current layout
 * @param storageNodesUp of those, the ones up for every ring they serve
 */
public record ClusterHealth(
    Status status,
    int knownNodes,
    int connectedNodes,
    int storageNodes,
    int storageNodesUp,
    int partitions,
    int partitionsQuorum,
    int partitionsAllOk) {

  /**
   * Healthy: every partition has all its copies up and so has every storage node. Degraded: every
   * partition keeps a write quorum. Unavailable: some partition cannot take writes.
   */
  public enum Status {
    HEALTHY,
    DEGRADED,
    UNAVAILABLE;

    /** Garage's wire spelling. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
