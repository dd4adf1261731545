package dev.remise.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code remise block}, {@code remise repair} and {@code remise worker}: Garage's node operations
 * on blocks and background workers, through the admin API v2 ({@code ?node=<id>|*}). Each prints
 * every node's answer, and the nodes that could not answer with their error.
 */
final class NodeOperationsCommands {
  private NodeOperationsCommands() {}

  /** Which nodes an operation runs on. */
  static final class NodeChoice {
    @Option(
        names = "--node",
        paramLabel = "ID",
        description = "Node id (or a unique prefix of one); default: every node (*).")
    String node = "*";
  }

  /** Prints a multi-node answer; returns the exit code (1 if any node failed). */
  static int print(JsonNode answer) {
    answer
        .path("success")
        .properties()
        .forEach(
            e -> {
              System.out.println("== node " + e.getKey());
              System.out.println(AdminClient.pretty(e.getValue()));
            });
    return printErrors(answer);
  }

  /** Prints the nodes that could not answer; returns 1 if there were any, else 0. */
  static int printErrors(JsonNode answer) {
    int failed = 0;
    for (var e : answer.path("error").properties()) {
      System.err.println("== node " + e.getKey() + ": " + e.getValue().asString());
      failed++;
    }
    return failed == 0 ? 0 : 1;
  }

  @Command(
      name = "block",
      mixinStandardHelpOptions = true,
      description = "Blocks on the nodes: resync errors, references, retries.",
      subcommands = {
        Block.ListErrors.class,
        Block.Info.class,
        Block.RetryNow.class,
        PurgeCommand.class
      })
  static final class Block {
    @Command(
        name = "list-errors",
        mixinStandardHelpOptions = true,
        description = "Blocks whose resync failed, with their retry schedule (ListBlockErrors).")
    static final class ListErrors implements Callable<Integer> {
      @Mixin AdminClient.AdminOptions admin;
      @Mixin NodeChoice nodes;

      @Override
      public Integer call() throws Exception {
        return print(AdminClient.from(admin).get("ListBlockErrors", "node", nodes.node));
      }
    }

    @Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "A block's reference count and the versions referencing it (GetBlockInfo).")
    static final class Info implements Callable<Integer> {
      @Mixin AdminClient.AdminOptions admin;
      @Mixin NodeChoice nodes;

      @Parameters(index = "0", description = "Block hash, 64 hex digits.")
      String hash;

      @Override
      public Integer call() throws Exception {
        return print(
            AdminClient.from(admin)
                .post("GetBlockInfo", Map.of("blockHash", hash), "node", nodes.node));
      }
    }

    @Command(
        name = "retry-now",
        mixinStandardHelpOptions = true,
        description = "Retry the resync of blocks in error now (RetryBlockResync).")
    static final class RetryNow implements Callable<Integer> {
      @Mixin AdminClient.AdminOptions admin;
      @Mixin NodeChoice nodes;

      @ArgGroup(multiplicity = "1")
      Which which;

      static final class Which {
        @Option(names = "--all", description = "Every block in error.")
        boolean all;

        @Parameters(description = "Block hashes.")
        List<String> hashes;
      }

      @Override
      public Integer call() throws Exception {
        Map<String, Object> body =
            which.all ? Map.of("all", true) : Map.of("blockHashes", which.hashes);
        return print(AdminClient.from(admin).post("RetryBlockResync", body, "node", nodes.node));
      }
    }
  }

  @Command(
      name = "purge",
      mixinStandardHelpOptions = true,
      description =
          "Give up on lost blocks: delete every object version and multipart upload that references"
              + " them (PurgeBlocks). Cannot be undone.")
  static final class PurgeCommand implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;
    @Mixin NodeChoice nodes;

    @Option(names = "--yes", required = true, description = "Confirm the deletion.")
    boolean yes;

    @Parameters(arity = "1..*", description = "Block hashes.")
    List<String> hashes;

    @Override
    public Integer call() throws Exception {
      return print(AdminClient.from(admin).post("PurgeBlocks", hashes, "node", nodes.node));
    }
  }

  @Command(
      name = "repair",
      mixinStandardHelpOptions = true,
      description =
          "Launch a repair on the nodes (LaunchRepairOperation): blocks, block-refs, block-rc,"
              + " rebalance, scrub-start, scrub-pause, scrub-resume, scrub-cancel,"
              + " clear-resync-queue. It runs in the background; follow it with `worker list`.")
  static final class Repair implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;
    @Mixin NodeChoice nodes;

    @Parameters(index = "0", paramLabel = "REPAIR", description = "What to repair.")
    String what;

    @Override
    public Integer call() throws Exception {
      Object repairType =
          switch (what) {
            case "blocks" -> "blocks";
            case "block-refs" -> "blockRefs";
            case "block-rc" -> "blockRc";
            case "rebalance" -> "rebalance";
            case "clear-resync-queue" -> "clearResyncQueue";
            case "scrub-start", "scrub-pause", "scrub-resume", "scrub-cancel" ->
                Map.of("scrub", what.substring("scrub-".length()));
            default ->
                throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "unknown repair " + what);
          };
      return print(
          AdminClient.from(admin)
              .post("LaunchRepairOperation", Map.of("repairType", repairType), "node", nodes.node));
    }
  }

  @Command(
      name = "worker",
      mixinStandardHelpOptions = true,
      description = "Background workers of the nodes and their variables.",
      subcommands = {Worker.ListWorkers.class, Worker.Get.class, Worker.Set.class})
  static final class Worker {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List workers.")
    static final class ListWorkers implements Callable<Integer> {
      @Mixin AdminClient.AdminOptions admin;
      @Mixin NodeChoice nodes;

      @Option(names = "--busy", description = "Only busy workers.")
      boolean busy;

      @Option(names = "--errors", description = "Only workers that had errors.")
      boolean errors;

      @Override
      public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("busyOnly", busy);
        body.put("errorOnly", errors);
        JsonNode answer = AdminClient.from(admin).post("ListWorkers", body, "node", nodes.node);
        for (var e : answer.path("success").properties()) {
          System.out.println("== node " + e.getKey());
          System.out.printf(
              "%3s  %-24s  %-5s  %6s  %s%n", "ID", "NAME", "STATE", "ERRORS", "STATUS");
          for (JsonNode w : e.getValue()) {
            List<String> freeform = new ArrayList<>();
            w.path("freeform").forEach(f -> freeform.add(f.asString()));
            System.out.printf(
                "%3d  %-24s  %-5s  %6d  %s%n",
                w.path("id").asLong(),
                w.path("name").asString(),
                w.path("state").asString(),
                w.path("errors").asLong(),
                String.join(" ", freeform));
          }
        }
        return printErrors(answer);
      }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Read worker variables.")
    static final class Get implements Callable<Integer> {
      @Mixin AdminClient.AdminOptions admin;
      @Mixin NodeChoice nodes;

      @Parameters(index = "0", arity = "0..1", description = "One variable; default: all.")
      String variable;

      @Override
      public Integer call() throws Exception {
        Map<String, Object> body = variable == null ? Map.of() : Map.of("variable", variable);
        return print(AdminClient.from(admin).post("GetWorkerVariable", body, "node", nodes.node));
      }
    }

    @Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description =
            "Set a worker variable: resync-worker-count, resync-tranquility, scrub-tranquility.")
    static final class Set implements Callable<Integer> {
      @Mixin AdminClient.AdminOptions admin;
      @Mixin NodeChoice nodes;

      @Parameters(index = "0", description = "Variable.")
      String variable;

      @Parameters(index = "1", description = "Value.")
      String value;

      @Override
      public Integer call() throws Exception {
        return print(
            AdminClient.from(admin)
                .post(
                    "SetWorkerVariable",
                    Map.of("variable", variable, "value", value),
                    "node",
                    nodes.node));
      }
    }
  }
}
