package dev.remise.cli;

import dev.remise.layout.LayoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code remise layout simulate FILE}: computes a ring offline, without a cluster, from the nodes
 * in FILE (see {@link LayoutSimulation} for the format), and prints it as JSON. Feeding the output
 * back as {@code previous} with changed nodes shows how many partition copies the change moves.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Compute a layout offline. FILE: {\"replicationFactor\": 3, \"zoneRedundancy\":"
            + " \"maximum\"|n, \"nodes\": [{\"id\", \"zone\", \"capacity\"}], \"previous\": <an"
            + " earlier output>}. Prints partitionSize, ring (256 arrays of node ids), partitions"
            + " per node and moved (copies that differ from previous). Exit code 1 if infeasible.")
final class LayoutSimulateCommand implements Callable<Integer> {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Parameters(index = "0", description = "The JSON description of the nodes; - for stdin.")
  String file;

  @Override
  public Integer call() throws Exception {
    String text =
        file.equals("-")
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(Path.of(file));
    LayoutSimulation.Input input = LayoutSimulation.parse(JSON.readTree(text));
    LayoutSimulation.Output output;
    try {
      output = LayoutSimulation.run(input);
    } catch (LayoutException e) {
      System.err.println("remise: infeasible layout: " + e.getMessage());
      return 1;
    }
    // Objects indented, arrays on one line: the ring stays 1 line instead of 256 × (RF + 2).
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withArrayIndenter(new DefaultPrettyPrinter.NopIndenter());
    System.out.println(JSON.writer().with(printer).writeValueAsString(output));
    return 0;
  }
}
