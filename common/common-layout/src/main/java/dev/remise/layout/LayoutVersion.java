package dev.remise.layout;

import dev.remise.core.NodeId;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One applied layout: the role of every node and the two rings computed from them, under one
 * version number. Version 0 is the empty layout; each apply computes version {@code current + 1}
 * (see {@link LayoutComputer#computeVersion}). Roles are kept sorted by node id, so equal versions
 * encode identically.
 *
 * @param version the layout version, shared by both rings
 * @param roles the role of every node in the cluster, gateways included
 * @param metadata the operator's parameters for the metadata ring
 * @param block the operator's parameters for the block ring
 * @param metadataRing where table entries live
 * @param blockRing where data blocks live
 */
public record LayoutVersion(
    long version,
    Map<NodeId, NodeRole> roles,
    RingParameters metadata,
    RingParameters block,
    RingLayout metadataRing,
    RingLayout blockRing) {

  public LayoutVersion {
    if (version < 0) {
      throw new IllegalArgumentException("layout versions start at 0, got " + version);
    }
    roles = Collections.unmodifiableSortedMap(new TreeMap<>(roles));
    if (metadataRing.ring() != Ring.METADATA || blockRing.ring() != Ring.BLOCK) {
      throw new IllegalArgumentException("rings given in the wrong places");
    }
    if (metadataRing.replicationFactor() != metadata.replicationFactor()
        || blockRing.replicationFactor() != block.replicationFactor()) {
      throw new IllegalArgumentException("a ring's replication factor differs from its parameters");
    }
  }

  /** Version 0: no roles, empty rings. */
  public static LayoutVersion initial(RingParameters metadata, RingParameters block) {
    return new LayoutVersion(
        0,
        Map.of(),
        metadata,
        block,
        RingLayout.empty(Ring.METADATA, metadata.replicationFactor()),
        RingLayout.empty(Ring.BLOCK, block.replicationFactor()));
  }

  public RingLayout ring(Ring ring) {
    return switch (ring) {
      case METADATA -> metadataRing;
      case BLOCK -> blockRing;
    };
  }

  public RingParameters parameters(Ring ring) {
    return switch (ring) {
      case METADATA -> metadata;
      case BLOCK -> block;
    };
  }
}
