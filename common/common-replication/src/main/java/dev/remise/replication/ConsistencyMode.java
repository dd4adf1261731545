package dev.remise.replication;

import java.util.Locale;

/**
 * How many replicas a read and a write must reach, Garage's {@code consistency_mode}
 * (garage-internals §3.4). With a replication factor RF, {@code consistent} reads {@code
 * ceil(RF/2)} copies and writes {@code RF + 1 − ceil(RF/2)}, so every read quorum meets every write
 * quorum and any two write quorums meet: a read that starts after a write's OK sees it. The two
 * other modes trade that guarantee for availability, and only keep the current layout version
 * (garage-internals §2.6, point 6).
 */
public enum ConsistencyMode {
  /** Read-after-write: R + W > RF and 2W > RF. */
  CONSISTENT,
  /** Reads from one copy (may be stale); writes still need the consistent quorum. */
  DEGRADED,
  /** One copy for reads and writes: anything acknowledged may be lost or unseen. */
  DANGEROUS;

  public int readQuorum(int replicationFactor) {
    requirePositive(replicationFactor);
    return this == CONSISTENT ? ceilHalf(replicationFactor) : 1;
  }

  public int writeQuorum(int replicationFactor) {
    requirePositive(replicationFactor);
    return this == DANGEROUS ? 1 : replicationFactor + 1 - ceilHalf(replicationFactor);
  }

  /** Whether writes go to every active layout version, and reads follow the sync trackers. */
  public boolean followsLayoutTransitions() {
    return this == CONSISTENT;
  }

  /** The name in configuration files, as Garage spells it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ConsistencyMode parse(String value) {
    for (ConsistencyMode mode : values()) {
      if (mode.label().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown consistency mode \"" + value + "\": use consistent, degraded or dangerous");
  }

  private static int ceilHalf(int n) {
    return (n + 1) / 2;
  }

  private static void requirePositive(int replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "the replication factor is at least 1, got " + replicationFactor);
    }
  }
}
