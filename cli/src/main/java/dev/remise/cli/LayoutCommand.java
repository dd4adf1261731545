package dev.remise.cli;

import dev.remise.layout.Capacity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code remise layout ...}: Garage's layout commands over the admin API. Changes are staged
 * ({@code assign}, {@code remove}, {@code config}), looked at ({@code show}), then applied as the
 * next version ({@code apply --version N}) or dropped ({@code revert}). {@code simulate} computes a
 * layout offline.
 */
@Command(
    name = "layout",
    mixinStandardHelpOptions = true,
    description = "Manage the cluster layout: which nodes hold which partitions.",
    subcommands = {
      LayoutShowCommand.class,
      LayoutCommand.Assign.class,
      LayoutCommand.Remove.class,
      LayoutCommand.Config.class,
      LayoutCommand.Apply.class,
      LayoutCommand.Revert.class,
      LayoutCommand.History.class,
      LayoutCommand.SkipDeadNodes.class,
      LayoutSimulateCommand.class
    })
final class LayoutCommand {

  @Command(
      name = "assign",
      mixinStandardHelpOptions = true,
      description =
          "Stage a role for nodes: a zone and a capacity (storage) or -g (gateway). Options not"
              + " given keep the node's current or staged values.")
  static final class Assign implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Parameters(
        arity = "1..*",
        description = "Node ids, or unique prefixes of the ids of nodes already in the layout.")
    List<String> nodes;

    @Option(
        names = {"-z", "--zone"},
        description = "Zone (failure domain) of the nodes.")
    String zone;

    @ArgGroup(exclusive = true)
    Kind kind;

    static final class Kind {
      @Option(
          names = {"-c", "--capacity"},
          description = "Capacity offered, SI units: 500G, 2T (1T = 10^12 bytes).")
      String capacity;

      @Option(
          names = {"-g", "--gateway"},
          description = "Make the nodes gateways: they hold no partition.")
      boolean gateway;
    }

    @Option(
        names = {"-t", "--tag"},
        description = "A tag; repeat for several. Replaces the tags.")
    List<String> tags;

    @Option(
        names = "--rings",
        split = ",",
        description = "Rings a storage node serves: metadata, block or both (default: both).")
    List<String> rings;

    @Override
    public Integer call() throws Exception {
      AdminClient client = AdminClient.from(admin);
      JsonNode layout = client.get("GetClusterLayout");
      List<Map<String, Object>> changes = new ArrayList<>();
      for (String node : nodes) {
        changes.add(role(node, layout));
      }
      client.post("UpdateClusterLayout", Map.of("roles", changes));
      System.out.println("Role changes are staged. See them with: remise layout show");
      System.out.printf(
          "Apply them with: remise layout apply --version %d%n",
          layout.path("version").asLong() + 1);
      return 0;
    }

    /** The full new role of {@code node}: what is given, else what it has or has staged. */
    private Map<String, Object> role(String node, JsonNode layout) {
      JsonNode existing = existingRole(node, layout);
      String id = existing == null ? node : existing.path("id").asString();
      Map<String, Object> role = new LinkedHashMap<>();
      role.put("id", id);
      String newZone =
          zone != null ? zone : existing == null ? null : existing.path("zone").asString();
      if (newZone == null) {
        throw new IllegalArgumentException(
            "node " + node + " has no role yet: give its zone with -z ZONE");
      }
      role.put("zone", newZone);
      boolean gateway = kind != null && kind.gateway;
      if (gateway) {
        role.put("capacity", null);
      } else if (kind != null && kind.capacity != null) {
        role.put("capacity", Capacity.parse(kind.capacity));
      } else if (existing != null && existing.path("capacity").isIntegralNumber()) {
        role.put("capacity", existing.path("capacity").asLong());
      } else {
        throw new IllegalArgumentException(
            "node "
                + node
                + " has no capacity yet: give one with -c CAPACITY, or -g for a gateway");
      }
      role.put(
          "tags",
          tags != null ? tags : existing == null ? List.of() : strings(existing.path("tags")));
      if (!gateway && rings != null) {
        role.put("rings", rings.stream().map(r -> r.strip().toLowerCase(Locale.ROOT)).toList());
      } else if (!gateway && existing != null && existing.path("rings").size() > 0) {
        role.put("rings", strings(existing.path("rings")));
      }
      return role;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Stage the removal of a node's role; its partitions move to the other nodes.")
  static final class Remove implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Parameters(index = "0", description = "Node id or unique prefix.")
    String node;

    @Override
    public Integer call() throws Exception {
      JsonNode layout =
          AdminClient.from(admin)
              .post(
                  "UpdateClusterLayout",
                  Map.of("roles", List.of(Map.of("id", node, "remove", true))));
      System.out.println("Removal of node " + node + " is staged. See it with: remise layout show");
      System.out.printf(
          "Apply it with: remise layout apply --version %d%n", layout.path("version").asLong() + 1);
      return 0;
    }
  }

  @Command(
      name = "config",
      mixinStandardHelpOptions = true,
      description = "Stage layout parameters: zone redundancy, and (Remise) replication factor.")
  static final class Config implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Option(
        names = {"-r", "--redundancy"},
        description = "Zone redundancy: a number of zones, or 'maximum' (as many as possible).")
    String redundancy;

    @Option(
        names = "--replication-factor",
        description = "Copies of each partition (Remise: Garage sets it in its config file).")
    Integer replicationFactor;

    @Option(
        names = "--ring",
        split = ",",
        description = "Rings to configure: metadata, block (default: both).")
    List<String> rings = List.of("metadata", "block");

    @Override
    public Integer call() throws Exception {
      if (redundancy == null && replicationFactor == null) {
        throw new IllegalArgumentException("give -r ZONE_REDUNDANCY and/or --replication-factor N");
      }
      Map<String, Object> parameters = new LinkedHashMap<>();
      if (replicationFactor != null) {
        parameters.put("replicationFactor", replicationFactor);
      }
      if (redundancy != null) {
        parameters.put("zoneRedundancy", zoneRedundancy(redundancy));
      }
      Map<String, Object> perRing = new LinkedHashMap<>();
      for (String ring : rings) {
        perRing.put(ring.strip().toLowerCase(Locale.ROOT), parameters);
      }
      JsonNode layout =
          AdminClient.from(admin).post("UpdateClusterLayout", Map.of("ringParameters", perRing));
      System.out.println(
          "Layout parameters are staged for the "
              + String.join(" and ", perRing.keySet())
              + " ring(s).");
      System.out.printf(
          "Apply them with: remise layout apply --version %d%n",
          layout.path("version").asLong() + 1);
      return 0;
    }

    private static Object zoneRedundancy(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      if (v.equals("maximum") || v.equals("max")) {
        return "maximum";
      }
      try {
        return Map.of("atLeast", Integer.parseInt(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "zone redundancy is a number of zones or 'maximum', got " + value);
      }
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = "Apply the staged changes as the next layout version.")
  static final class Apply implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Option(
        names = "--version",
        required = true,
        description = "Number of the new version: the current one + 1 (a guard against surprises).")
    long version;

    @Override
    public Integer call() throws Exception {
      JsonNode applied =
          AdminClient.from(admin).post("ApplyClusterLayout", Map.of("version", version));
      applied.path("message").forEach(line -> System.out.println(line.asString()));
      System.out.println();
      System.out.println("Layout version " + version + " is applied.");
      return 0;
    }
  }

  @Command(
      name = "revert",
      mixinStandardHelpOptions = true,
      description = "Drop every staged change.")
  static final class Revert implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Override
    public Integer call() throws Exception {
      AdminClient.from(admin).post("RevertClusterLayout", Map.of());
      System.out.println("Staged layout changes are dropped.");
      return 0;
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "Show the layout versions in use and how far each node has synced.")
  static final class History implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Override
    public Integer call() throws Exception {
      JsonNode h = AdminClient.from(admin).get("GetClusterLayoutHistory");
      System.out.println("==== LAYOUT HISTORY ====");
      TextTable versions = new TextTable("VERSION", "STATUS", "STORAGE NODES", "GATEWAY NODES");
      for (JsonNode v : h.path("versions")) {
        versions.row(
            v.path("version").asLong(),
            v.path("status").asString(),
            v.path("storageNodes").asLong(),
            v.path("gatewayNodes").asLong());
      }
      versions.print(System.out, "");
      System.out.println();
      System.out.println("==== UPDATE TRACKERS ====");
      TextTable trackers = new TextTable("NODE", "ACK", "SYNC", "SYNC_ACK");
      for (Map.Entry<String, JsonNode> node : h.path("updateTrackers").properties()) {
        JsonNode t = node.getValue();
        trackers.row(
            shortId(node.getKey()),
            t.path("ack").asLong(),
            t.path("sync").asLong(),
            t.path("syncAck").asLong());
      }
      trackers.print(System.out, "");
      System.out.println();
      long draining =
          h.path("versions")
              .valueStream()
              .filter(v -> v.path("status").asString().equals("Draining"))
              .count();
      System.out.printf(
          "Current version %d; every node knows version %d or later.%n",
          h.path("currentVersion").asLong(), h.path("minAck").asLong());
      if (draining > 0) {
        System.out.println(
            "A Draining version is still written to until every node of the current version"
                + " has synced its data and reads from the current version (trackers sync and"
                + " syncAck).");
        System.out.println(
            "Nodes that are down, or cannot finish a sync, hold the transition back. You may force"
                + " progress with `remise layout skip-dead-nodes --version "
                + h.path("currentVersion").asLong()
                + (h.path("minAck").asLong() < h.path("currentVersion").asLong()
                    ? "`."
                    : " --allow-missing-data`."));
      }
      return 0;
    }
  }

  @Command(
      name = "skip-dead-nodes",
      mixinStandardHelpOptions = true,
      description =
          "Let a layout transition finish although some nodes are down: raise their ack tracker"
              + " to --version. With --allow-missing-data, also mark every node synced: writes"
              + " that only a dead node received may be lost.")
  static final class SkipDeadNodes implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Option(
        names = "--version",
        required = true,
        description = "The layout version to raise the trackers to (usually the current one).")
    long version;

    @Option(
        names = "--allow-missing-data",
        description = "Also raise every node's sync tracker, accepting possible data loss.")
    boolean allowMissingData;

    @Override
    public Integer call() throws Exception {
      JsonNode r =
          AdminClient.from(admin)
              .post(
                  "ClusterLayoutSkipDeadNodes",
                  Map.of("version", version, "allowMissingData", allowMissingData));
      for (JsonNode id : r.path("ackUpdated")) {
        System.out.println("Raised the ack tracker of node " + id.asString());
      }
      for (JsonNode id : r.path("syncUpdated")) {
        System.out.println("Raised the sync tracker of node " + id.asString());
      }
      System.out.println("Success.");
      return 0;
    }
  }

  /** The role a node has or has staged, found by id prefix; null when it has none. */
  static JsonNode existingRole(String node, JsonNode layout) {
    String prefix = node.strip().toLowerCase(Locale.ROOT);
    Map<String, JsonNode> matches = new LinkedHashMap<>();
    for (JsonNode role : layout.path("roles")) {
      if (role.path("id").asString().startsWith(prefix)) {
        matches.put(role.path("id").asString(), role);
      }
    }
    // A staged change says what the node will be: it wins over the current role.
    for (JsonNode change : layout.path("stagedRoleChanges")) {
      if (change.path("id").asString().startsWith(prefix)) {
        matches.put(change.path("id").asString(), change);
      }
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "node id prefix "
              + node
              + " is ambiguous, it matches "
              + matches.keySet()
              + ": give more digits");
    }
    JsonNode found = matches.values().stream().findFirst().orElse(null);
    return found == null || found.path("remove").asBoolean(false) ? null : found;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  /** The first 16 hex digits, as node ids are shown in tables. */
  static String shortId(String id) {
    return id.length() > 16 ? id.substring(0, 16) : id;
  }
}
