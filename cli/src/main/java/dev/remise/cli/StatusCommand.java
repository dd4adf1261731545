package dev.remise.cli;

import dev.remise.layout.Capacity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/**
 * {@code remise status}, as {@code garage status}: the nodes that are up, then those that are not
 * (known from a heartbeat or named by the layout), and the cluster's health, from {@code
 * GetClusterStatus} and {@code GetClusterHealth}.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the nodes of the cluster, which are up, and the cluster's health.")
final class StatusCommand implements Callable<Integer> {
  @Mixin AdminClient.AdminOptions admin;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AdminClient client = AdminClient.from(admin);
    JsonNode status = client.get("GetClusterStatus");
    JsonNode health = client.get("GetClusterHealth");
    List<JsonNode> up = new ArrayList<>();
    List<JsonNode> down = new ArrayList<>();
    for (JsonNode node : status.path("nodes")) {
      (node.path("isUp").asBoolean(false) ? up : down).add(node);
    }
    out.println("==== HEALTHY NODES ====");
    print(up);
    if (!down.isEmpty()) {
      out.println();
      out.println("==== FAILED NODES ====");
      print(down);
    }
    out.println();
    out.printf(
        "Layout version %d. Cluster %s: %d/%d storage nodes up, %d/%d partitions with a write"
            + " quorum, %d/%d with every copy up.%n",
        status.path("layoutVersion").asLong(),
        health.path("status").asString(),
        health.path("storageNodesUp").asInt(),
        health.path("storageNodes").asInt(),
        health.path("partitionsQuorum").asInt(),
        health.path("partitions").asInt(),
        health.path("partitionsAllOk").asInt(),
        health.path("partitions").asInt());
    return 0;
  }

  private void print(List<JsonNode> nodes) {
    if (nodes.isEmpty()) {
      out.println("(none)");
      return;
    }
    TextTable table =
        new TextTable(
            "ID",
            "HOSTNAME",
            "ADDRESS",
            "ROLES",
            "ZONE",
            "CAPACITY",
            "DATA AVAIL",
            "LAYOUT",
            "LAST SEEN");
    for (JsonNode n : nodes) {
      JsonNode role = n.path("role");
      String zone = role.isObject() ? role.path("zone").asString() : "(no role)";
      String capacity;
      if (!role.isObject()) {
        capacity = "";
      } else if (role.path("capacity").isNull()) {
        capacity = "gateway";
      } else {
        capacity = Capacity.format(role.path("capacity").asLong());
      }
      if (n.path("draining").asBoolean(false)) {
        zone = "(draining)";
      }
      table.row(
          LayoutCommand.shortId(n.path("id").asString()),
          text(n.path("hostname")),
          text(n.path("addr")),
          String.join(",", LayoutCommand.strings(n.path("roles"))),
          zone,
          capacity,
          space(n.path("dataPartition")),
          n.path("layoutVersion").isNumber() ? "v" + n.path("layoutVersion").asLong() : "?",
          n.path("lastSeenSecsAgo").isNumber()
              ? n.path("lastSeenSecsAgo").asLong() + "s ago"
              : "never");
    }
    table.print(out, "");
  }

  private static String text(JsonNode value) {
    return value.isString() ? value.asString() : "?";
  }

  /** Garage's "free / total (percent free)". */
  private static String space(JsonNode partition) {
    if (!partition.isObject()) {
      return "?";
    }
    long available = partition.path("available").asLong();
    long total = partition.path("total").asLong();
    long percent = total == 0 ? 0 : Math.round(100.0 * available / total);
    return Capacity.format(available) + "/" + Capacity.format(total) + " (" + percent + "%)";
  }
}
