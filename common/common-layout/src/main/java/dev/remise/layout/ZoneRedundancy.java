package dev.remise.layout;

/**
 * How many distinct zones must hold a copy of every partition: a fixed number, or as many as the
 * ring allows.
 */
public sealed interface ZoneRedundancy {

  ZoneRedundancy MAXIMUM = new Maximum();

  static ZoneRedundancy atLeast(int zones) {
    return new AtLeast(zones);
  }

  static ZoneRedundancy maximum() {
    return MAXIMUM;
  }

  /**
   * The number of zones the computation enforces.
   *
   * <p>{@code Maximum} counts only the zones that hold storage nodes of the ring being computed.
   * Garage counts the zones of every role, gateways included, so a gateway alone in an extra zone
   * raises the target above what the storage nodes can reach and the apply fails; counting per ring
   * fixes that and lets each ring's maximum follow its own nodes.
   *
   * @param storageZones the number of zones with at least one storage node of the ring
   */
  default int effective(int storageZones, int replicationFactor) {
    return switch (this) {
      case AtLeast(int zones) -> zones;
      case Maximum() -> Math.min(storageZones, replicationFactor);
    };
  }

  /** Every partition in at least {@code zones} distinct zones. */
  record AtLeast(int zones) implements ZoneRedundancy {
    public AtLeast {
      if (zones < 1) {
        throw new IllegalArgumentException("zone redundancy is at least 1, got " + zones);
      }
    }
  }

  /** Every partition in as many zones as possible: min(zones with storage nodes, RF). */
  record Maximum() implements ZoneRedundancy {}
}
