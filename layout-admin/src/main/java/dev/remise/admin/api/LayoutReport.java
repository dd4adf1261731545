package dev.remise.admin.api;

import dev.remise.layout.Capacity;
import dev.remise.layout.LayoutPreview;
import dev.remise.layout.LayoutStatistics;
import dev.remise.layout.Ring;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain-text {@code message} of PreviewClusterLayoutChanges and ApplyClusterLayout: per ring,
 * the parameters, the partition size and what each zone holds, and the partition copies to move, as
 * Garage prints after a layout computation. For people; programs read the {@code statistics}.
 */
final class LayoutReport {
  private LayoutReport() {}

  static List<String> lines(LayoutPreview preview) {
    List<String> lines = new ArrayList<>();
    lines.add("Layout version " + preview.version().version() + ":");
    for (Ring ring : Ring.values()) {
      LayoutStatistics s = preview.statistics(ring);
      lines.add(
          "%s ring: replication factor %d, zone redundancy %d, partition size %s%s"
              .formatted(
                  ring.label(),
                  s.replicationFactor(),
                  s.zoneRedundancy(),
                  Capacity.format(s.partitionSize()),
                  s.previousPartitionSize().isPresent()
                      ? " (was " + Capacity.format(s.previousPartitionSize().getAsLong()) + ")"
                      : ""));
      lines.add(
          "  usable capacity %s of %s; clients can store %s"
              .formatted(
                  Capacity.format(s.usableCapacity()),
                  Capacity.format(s.totalCapacity()),
                  Capacity.format(s.effectiveCapacity())));
      for (LayoutStatistics.ZoneStatistics z : s.zones()) {
        lines.add(
            "  zone %s: %d node(s), %d partition copies (%d new), %d distinct partitions, %s used of %s"
                .formatted(
                    z.zone(),
                    z.nodes(),
                    z.partitions(),
                    z.newPartitions(),
                    z.distinctPartitions(),
                    Capacity.format(z.usableCapacity()),
                    Capacity.format(z.capacity())));
      }
      lines.add("  %d partition copies to move".formatted(s.newCopies()));
    }
    return lines;
  }
}
