package dev.remise.layout;

import dev.remise.core.NodeId;

/**
 * Why a ring cannot be computed, each case saying what the operator has to change. The admin API
 * and the CLI show {@link #message()} as is.
 */
public sealed interface LayoutError {

  /** The ring that cannot be computed. */
  Ring ring();

  /** One sentence: what is wrong and what to change. */
  String message();

  /** Fewer storage nodes than copies of each partition. */
  record TooFewStorageNodes(Ring ring, int storageNodes, int replicationFactor)
      implements LayoutError {
    @Override
    public String message() {
      return "the %s ring has %d storage node(s) but replication factor %d needs at least %d: give more nodes a capacity in this ring or lower its replication factor"
          .formatted(ring.label(), storageNodes, replicationFactor, replicationFactor);
    }
  }

  /** Ring entries are one byte, as in Garage. */
  record TooManyStorageNodes(Ring ring, int storageNodes, int maximum) implements LayoutError {
    @Override
    public String message() {
      return "the %s ring has %d storage nodes, more than the %d a ring can index: turn some of them into gateways or remove them"
          .formatted(ring.label(), storageNodes, maximum);
    }
  }

  /** The zone redundancy asks for more zones than the ring's storage nodes are in. */
  record TooFewZones(Ring ring, int zones, int zoneRedundancy) implements LayoutError {
    @Override
    public String message() {
      return "the %s ring's storage nodes are in %d zone(s) but zone redundancy %d needs at least %d: add storage nodes in other zones or lower the zone redundancy"
          .formatted(ring.label(), zones, zoneRedundancy, zoneRedundancy);
    }
  }

  /** A partition has only {@code replicationFactor} copies to spread over zones. */
  record ZoneRedundancyAboveReplicationFactor(Ring ring, int zoneRedundancy, int replicationFactor)
      implements LayoutError {
    @Override
    public String message() {
      return "the %s ring's zone redundancy %d exceeds its replication factor %d: set a zone redundancy between 1 and %d, or \"maximum\""
          .formatted(ring.label(), zoneRedundancy, replicationFactor, replicationFactor);
    }
  }

  /** A storage node offering nothing; a node that should hold nothing is a gateway. */
  record ZeroCapacity(Ring ring, NodeId node) implements LayoutError {
    @Override
    public String message() {
      return "node %s has a capacity of zero in the %s ring: give it a positive capacity, make it a gateway, or remove it"
          .formatted(node.shortHex(), ring.label());
    }
  }

  /** Even partitions of one byte do not fit in the nodes under the zone constraints. */
  record CapacityTooSmall(Ring ring, long totalCapacity, int partitionCopies)
      implements LayoutError {
    @Override
    public String message() {
      return "the %s ring's nodes offer %d bytes in total, too little to place %d partition copies of even one byte each under its zone constraints: raise the capacities (they are in bytes)"
          .formatted(ring.label(), totalCapacity, partitionCopies);
    }
  }
}
