package dev.remise.layout;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What an operator assigned to one node: its zone, the capacity it offers and which rings it
 * serves. A gateway has no capacity and serves no ring: it routes requests but holds no partition.
 *
 * <p>A storage node offers the same {@code capacity} (bytes) to every ring it serves, so a node
 * serving both rings weighs the same in each; separate metadata and data capacities would be a
 * second field, not a change to the algorithm.
 *
 * @param zone the failure domain (a site, a rack); partitions are spread over distinct zones
 * @param capacity bytes offered to each ring served; empty for a gateway
 * @param tags free labels shown to the operator
 * @param rings the rings served: one or both for a storage node, none for a gateway
 */
public record NodeRole(String zone, OptionalLong capacity, List<String> tags, Set<Ring> rings) {

  public NodeRole {
    if (zone.isBlank()) {
      throw new IllegalArgumentException("a node role needs a zone");
    }
    if (capacity.isPresent() && capacity.getAsLong() < 0) {
      throw new IllegalArgumentException("capacity cannot be negative: " + capacity.getAsLong());
    }
    if (capacity.isPresent() == rings.isEmpty()) {
      throw new IllegalArgumentException(
          "a storage node has a capacity and serves at least one ring; a gateway has neither");
    }
    tags = List.copyOf(tags);
    rings = enumSet(rings);
  }

  /** A storage node serving {@code rings} (both when none is named). */
  public static NodeRole storage(String zone, long capacity, Ring... rings) {
    Set<Ring> served = rings.length == 0 ? EnumSet.allOf(Ring.class) : EnumSet.of(rings[0], rings);
    return new NodeRole(zone, OptionalLong.of(capacity), List.of(), served);
  }

  public static NodeRole gateway(String zone) {
    return new NodeRole(zone, OptionalLong.empty(), List.of(), Set.of());
  }

  public NodeRole withTags(List<String> newTags) {
    return new NodeRole(zone, capacity, newTags, rings);
  }

  public boolean isGateway() {
    return rings.isEmpty();
  }

  public boolean serves(Ring ring) {
    return rings.contains(ring);
  }

  /** The capacity of a storage node; 0 for a gateway, which holds nothing. */
  public long capacityOrZero() {
    return capacity.orElse(0);
  }

  // An EnumSet iterates in declaration order, so equal roles print and encode identically.
  private static Set<Ring> enumSet(Collection<Ring> rings) {
    return Collections.unmodifiableSet(
        rings.isEmpty() ? EnumSet.noneOf(Ring.class) : EnumSet.copyOf(rings));
  }
}
