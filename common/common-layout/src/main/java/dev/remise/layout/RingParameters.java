package dev.remise.layout;

/**
 * The parameters of one ring chosen by the operator.
 *
 * @param replicationFactor copies of every partition, on distinct nodes
 * @param zoneRedundancy distinct zones among those copies
 */
public record RingParameters(int replicationFactor, ZoneRedundancy zoneRedundancy) {

  public RingParameters {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replication factor is at least 1, got " + replicationFactor);
    }
  }

  /** Garage's recommendation: three copies, in as many zones as there are (up to three). */
  public static RingParameters defaults() {
    return new RingParameters(3, ZoneRedundancy.maximum());
  }
}
