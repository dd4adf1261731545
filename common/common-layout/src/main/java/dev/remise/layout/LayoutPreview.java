package dev.remise.layout;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * The version that applying the staged changes would create, and what the operator is shown about
 * each of its rings against the current version: partitions per node and zone, and the partition
 * copies that would move.
 */
public record LayoutPreview(LayoutVersion version, Map<Ring, LayoutStatistics> statistics) {

  public LayoutPreview {
    if (!statistics.keySet().equals(EnumSet.allOf(Ring.class))) {
      throw new IllegalArgumentException("a preview has statistics for both rings");
    }
    statistics = Collections.unmodifiableMap(new EnumMap<>(statistics));
  }

  public LayoutStatistics statistics(Ring ring) {
    return statistics.get(ring);
  }

  /** Partition copies to transfer in both rings together. */
  public int newCopies() {
    return statistics.values().stream().mapToInt(LayoutStatistics::newCopies).sum();
  }
}
