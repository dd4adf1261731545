package dev.remise.cli;

import dev.remise.layout.Capacity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/**
 * {@code remise layout show}: the current layout (roles per zone and node, partitions held in each
 * ring, usable capacity), the staged changes, and what applying them would do: the new partition
 * counts and how many partition copies would move.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show the current layout, the staged changes and their preview.")
final class LayoutShowCommand implements Callable<Integer> {
  @Mixin AdminClient.AdminOptions admin;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AdminClient client = AdminClient.from(admin);
    JsonNode layout = client.get("GetClusterLayout");
    long version = layout.path("version").asLong();
    out.println("==== CURRENT CLUSTER LAYOUT (version " + version + ") ====");
    printRoles(layout);
    out.println();
    printRings(layout.path("rings"));
    out.println();
    boolean staged =
        !layout.path("stagedRoleChanges").isEmpty()
            || !layout.path("stagedRingParameters").isNull();
    if (!staged) {
      out.println("No staged changes.");
      return 0;
    }
    out.println("==== STAGED CHANGES ====");
    printStaged(layout);
    out.println();
    JsonNode preview = client.post("PreviewClusterLayoutChanges", Map.of());
    if (preview.has("error")) {
      out.println("==== THE STAGED LAYOUT CANNOT BE COMPUTED ====");
      out.println(preview.path("error").asString());
      out.println();
      out.println(
          "Change the staged roles or parameters (remise layout assign|remove|config), or drop"
              + " them (remise layout revert).");
      return 0;
    }
    out.println("==== NEW LAYOUT AFTER APPLYING (version " + (version + 1) + ") ====");
    for (Map.Entry<String, JsonNode> ring : preview.path("statistics").properties()) {
      printStatistics(ring.getKey(), ring.getValue());
    }
    out.printf(
        "To apply: remise layout apply --version %d%nTo drop:  remise layout revert%n",
        version + 1);
    return 0;
  }

  private void printRoles(JsonNode layout) {
    List<JsonNode> roles = new ArrayList<>();
    layout.path("roles").forEach(roles::add);
    if (roles.isEmpty()) {
      out.println("No node has a role yet: assign some (remise layout assign), then apply.");
      return;
    }
    roles.sort(
        Comparator.comparing((JsonNode r) -> r.path("zone").asString())
            .thenComparing(r -> r.path("id").asString()));
    TextTable table =
        new TextTable("ID", "ZONE", "CAPACITY", "METADATA", "BLOCK", "USABLE", "TAGS");
    for (JsonNode r : roles) {
      JsonNode usage = r.path("ringUsage");
      table.row(
          LayoutCommand.shortId(r.path("id").asString()),
          r.path("zone").asString(),
          capacity(r.path("capacity")),
          partitions(usage.path("metadata")),
          partitions(usage.path("block")),
          usable(usage),
          String.join(",", LayoutCommand.strings(r.path("tags"))));
    }
    table.print(out, "");
    out.println("METADATA, BLOCK: partitions held in each ring; USABLE: capacity the layout uses.");
  }

  private void printRings(JsonNode rings) {
    for (Map.Entry<String, JsonNode> e : rings.properties()) {
      JsonNode ring = e.getValue();
      out.printf(
          "%s ring: replication factor %d, zone redundancy %s (%d in effect), %d storage node(s),"
              + " partition size %s, clients can store %s%n",
          e.getKey(),
          ring.path("replicationFactor").asInt(),
          redundancy(ring.path("zoneRedundancy")),
          ring.path("effectiveZoneRedundancy").asInt(),
          ring.path("storageNodes").asInt(),
          Capacity.format(ring.path("partitionSize").asLong()),
          Capacity.format(ring.path("effectiveCapacity").asLong()));
    }
  }

  private void printStaged(JsonNode layout) {
    JsonNode changes = layout.path("stagedRoleChanges");
    if (!changes.isEmpty()) {
      TextTable table = new TextTable("ID", "ZONE", "CAPACITY", "RINGS", "TAGS");
      for (JsonNode c : changes) {
        String id = LayoutCommand.shortId(c.path("id").asString());
        if (c.path("remove").asBoolean(false)) {
          table.row(id, "(remove)");
        } else {
          table.row(
              id,
              c.path("zone").asString(),
              capacity(c.path("capacity")),
              String.join(",", LayoutCommand.strings(c.path("rings"))),
              String.join(",", LayoutCommand.strings(c.path("tags"))));
        }
      }
      table.print(out, "");
    }
    JsonNode parameters = layout.path("stagedRingParameters");
    if (!parameters.isNull() && !parameters.isMissingNode()) {
      for (Map.Entry<String, JsonNode> e : parameters.properties()) {
        out.printf(
            "%s ring parameters: replication factor %d, zone redundancy %s%n",
            e.getKey(),
            e.getValue().path("replicationFactor").asInt(),
            redundancy(e.getValue().path("zoneRedundancy")));
      }
    }
  }

  private void printStatistics(String ring, JsonNode s) {
    String was =
        s.path("previousPartitionSize").isNull()
            ? ""
            : " (was " + Capacity.format(s.path("previousPartitionSize").asLong()) + ")";
    out.printf(
        "%s ring: partition size %s%s, %d partition copies to move%n",
        ring,
        Capacity.format(s.path("partitionSize").asLong()),
        was,
        s.path("movedPartitionCopies").asInt());
    TextTable table =
        new TextTable("ZONE", "NODE", "PARTITIONS", "NEW", "CAPACITY", "USABLE", "TAGS");
    for (JsonNode z : s.path("zones")) {
      String zone = z.path("zone").asString();
      for (JsonNode n : s.path("nodes")) {
        if (n.path("zone").asString().equals(zone)) {
          table.row(
              zone,
              LayoutCommand.shortId(n.path("id").asString()),
              n.path("partitions").asInt(),
              n.path("newPartitions").asInt(),
              Capacity.format(n.path("capacity").asLong()),
              Capacity.format(n.path("usableCapacity").asLong()),
              String.join(",", LayoutCommand.strings(n.path("tags"))));
        }
      }
      if (z.path("nodes").asInt() < 2) {
        continue;
      }
      table.row(
          zone,
          "(zone: " + z.path("nodes").asInt() + " nodes)",
          z.path("partitions").asInt(),
          z.path("newPartitions").asInt(),
          Capacity.format(z.path("capacity").asLong()),
          Capacity.format(z.path("usableCapacity").asLong()),
          "");
    }
    table.print(out, "  ");
    out.println();
  }

  private static String capacity(JsonNode capacity) {
    return capacity.isIntegralNumber() ? Capacity.format(capacity.asLong()) : "gateway";
  }

  private static String partitions(JsonNode usage) {
    return usage.isMissingNode() ? "-" : Long.toString(usage.path("storedPartitions").asLong());
  }

  /** Usable capacity of the block ring, which holds the data, else of the metadata ring. */
  private static String usable(JsonNode usage) {
    JsonNode ring = usage.has("block") ? usage.path("block") : usage.path("metadata");
    return ring.isMissingNode() ? "-" : Capacity.format(ring.path("usableCapacity").asLong());
  }

  private static String redundancy(JsonNode zr) {
    return zr.isObject() ? "at least " + zr.path("atLeast").asInt() : zr.asString();
  }
}
