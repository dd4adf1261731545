package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code remise layout simulate}: offline layouts, their failures, and moves against a previous.
 */
class LayoutSimulateCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long TB = 1_000_000_000_000L;

  @TempDir Path dir;

  private static Map<String, Object> node(String id, String zone, Object capacity) {
    return Map.of("id", id, "zone", zone, "capacity", capacity);
  }

  private CliRun.Result simulate(Object input) throws IOException {
    Path file = Files.createTempFile(dir, "layout", ".json");
    Files.writeString(file, JSON.writeValueAsString(input));
    return CliRun.run("layout", "simulate", file.toString());
  }

  private static JsonNode json(CliRun.Result r) {
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void threeNodesInThreeZonesAtRf3EachHoldEveryPartition() throws IOException {
    JsonNode out =
        json(
            simulate(
                Map.of(
                    "replicationFactor",
                    3,
                    "zoneRedundancy",
                    "maximum",
                    "nodes",
                    List.of(node("a", "dc1", TB), node("b", "dc2", TB), node("c", "dc3", "1T")))));

    assertThat(out.path("partitionSize").asLong()).isEqualTo(TB / 256);
    assertThat(out.path("zoneRedundancy").asInt()).isEqualTo(3);
    assertThat(out.path("ring")).hasSize(256);
    for (JsonNode partition : out.path("ring")) {
      assertThat(LayoutCommand.strings(partition)).containsExactlyInAnyOrder("a", "b", "c");
    }
    assertThat(JSON.convertValue(out.path("partitions"), Map.class))
        .isEqualTo(Map.of("a", 256, "b", 256, "c", 256));
    assertThat(out.path("moved").isNull()).isTrue();
  }

  @Test
  void anInfeasibleLayoutExitsWith1SayingWhatToChange() throws IOException {
    CliRun.Result r =
        simulate(
            Map.of(
                "replicationFactor",
                3,
                "nodes",
                List.of(node("a", "dc1", TB), node("b", "dc2", TB))));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("infeasible layout")
        .contains("2 storage node(s) but replication factor 3 needs at least 3");
  }

  @Test
  void badInputExitsWith1NamingTheField() throws IOException {
    CliRun.Result r = simulate(Map.of("nodes", List.of(Map.of("id", "a", "capacity", TB))));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("nodes[0].zone");
  }

  @Test
  void againstThePreviousOutputOnlyTheCopiesANewNodeTakesMove() throws IOException {
    Map<String, Object> three =
        Map.of(
            "replicationFactor",
            2,
            "nodes",
            List.of(node("a", "dc1", TB), node("b", "dc2", TB), node("c", "dc3", TB)));
    JsonNode first = json(simulate(three));

    ObjectNode same = JSON.valueToTree(three);
    same.set("previous", first);
    JsonNode unchanged = json(simulate(same));

    ObjectNode four = JSON.valueToTree(three);
    four.withArray("nodes").add(JSON.valueToTree(node("d", "dc1", TB)));
    four.set("previous", first);
    JsonNode grown = json(simulate(four));

    assertThat(unchanged.path("moved").asInt()).isZero();
    assertThat(unchanged.path("ring")).isEqualTo(first.path("ring"));
    assertThat(unchanged.path("version").asInt()).isEqualTo(2);
    // Only the copies the new node takes move: no shuffling among the old nodes.
    assertThat(grown.path("moved").asInt())
        .isPositive()
        .isEqualTo(grown.path("partitions").path("d").asInt());
  }

  @Test
  void theSameInputGivesTheSameOutput() throws IOException {
    Map<String, Object> input =
        Map.of(
            "replicationFactor", 2,
            "zoneRedundancy", 2,
            "nodes",
                List.of(
                    node("a", "dc1", TB),
                    node("b", "dc1", 2 * TB),
                    node("c", "dc2", TB),
                    node("d", "dc2", 3 * TB)));

    assertThat(simulate(input).out()).isEqualTo(simulate(input).out());
  }

  @Test
  void theFileCanComeFromStandardInput() {
    CliRun.Result r =
        CliRun.withInput(
            "{\"replicationFactor\": 1, \"nodes\": [{\"id\": \"solo\", \"zone\": \"z\", \"capacity\": 256000}]}",
            "layout",
            "simulate",
            "-");

    assertThat(json(r).path("partitionSize").asLong()).isEqualTo(1000);
  }
}
