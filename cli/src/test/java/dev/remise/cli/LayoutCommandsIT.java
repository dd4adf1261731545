package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeIdFile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code remise layout ...} and the layout operations of the admin API against a running single
 * node: the bootstrapped version 1, then a second node staged, previewed, reverted, staged again
 * and applied as version 2, through the CLI and the API alike. The second node is only an id: no
 * process runs it, which the layout does not need.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutCommandsIT {
  private static final String OTHER = "5e".repeat(32);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private RunningNode node;
  private String self;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws IOException {
    node = new RunningNode(dataDir, Map.of());
    self = Files.readString(dataDir.resolve(NodeIdFile.FILE_NAME)).strip();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void aLayoutChangeGoesThroughStagingPreviewRevertAndApply() throws Exception {
    CliRun.Result fresh = remise("layout", "show");
    assertThat(fresh.exit()).as(fresh.err()).isZero();
    assertThat(fresh.out())
        .contains("CURRENT CLUSTER LAYOUT (version 1)")
        .containsPattern(self.substring(0, 16) + "\\s+dc1\\s+\\S+ \\S+\\s+256\\s+256")
        .contains("metadata ring: replication factor 1")
        .contains("block ring: replication factor 1")
        .contains("No staged changes.");
    assertThat(remise("layout", "history").out()).containsPattern("1\\s+Current\\s+1\\s+0");

    assertThat(remise("layout", "assign", OTHER, "-z", "dc2", "-c", "1T", "-t", "spare").exit())
        .isZero();
    CliRun.Result staged = remise("layout", "show");
    assertThat(staged.out())
        .contains("STAGED CHANGES")
        .containsPattern(OTHER.substring(0, 16) + "\\s+dc2\\s+1.0 TB\\s+metadata,block\\s+spare")
        .contains("NEW LAYOUT AFTER APPLYING (version 2)")
        .containsPattern("block ring: partition size .*, \\d+ partition copies to move")
        .contains("remise layout apply --version 2");

    assertThat(remise("layout", "revert").exit()).isZero();
    assertThat(remise("layout", "show").out()).contains("No staged changes.");

    JsonNode updated =
        api(
            "POST",
            "UpdateClusterLayout",
            Map.of(
                "roles",
                List.of(
                    Map.of(
                        "id",
                        OTHER,
                        "zone",
                        "dc2",
                        "capacity",
                        1_000_000_000_000L,
                        "tags",
                        List.of()))));
    assertThat(updated.path("stagedRoleChanges")).hasSize(1);
    JsonNode preview = api("POST", "PreviewClusterLayoutChanges", Map.of());
    assertThat(preview.path("newLayout").path("version").asLong()).isEqualTo(2);
    int moved = preview.path("statistics").path("block").path("movedPartitionCopies").asInt();
    assertThat(moved).isPositive();

    CliRun.Result wrong = remise("layout", "apply", "--version", "3");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("400").contains("apply with version 2");

    CliRun.Result applied = remise("layout", "apply", "--version", "2");
    assertThat(applied.exit()).as(applied.err()).isZero();
    assertThat(applied.out())
        .contains("Layout version 2 is applied.")
        .contains(moved + " partition copies to move");

    CliRun.Result history = remise("layout", "history");
    assertThat(history.out())
        .containsPattern("2\\s+Current\\s+2\\s+0")
        .containsPattern("1\\s+Draining\\s+1\\s+0")
        .contains(self.substring(0, 16))
        .contains(OTHER.substring(0, 16));
    JsonNode apiHistory = api("GET", "GetClusterLayoutHistory", null);
    assertThat(apiHistory.path("currentVersion").asLong()).isEqualTo(2);
    assertThat(apiHistory.path("versions")).hasSize(2);
    assertThat(remise("layout", "show").out())
        .contains("CURRENT CLUSTER LAYOUT (version 2)")
        .contains(OTHER.substring(0, 16));
  }

  @Test
  void refusedChangesExitWith1AndTheApiMessage() {
    CliRun.Result noZone = remise("layout", "assign", "77".repeat(32), "-c", "1T");
    CliRun.Result badRedundancy = remise("layout", "config", "-r", "2");
    CliRun.Result badCapacity = remise("layout", "assign", "77".repeat(32), "-z", "x", "-c", "0");

    assertThat(noZone.exit()).isEqualTo(1);
    assertThat(noZone.err()).contains("give its zone with -z ZONE");
    assertThat(badRedundancy.exit()).isEqualTo(1);
    assertThat(badRedundancy.err()).contains("exceeds its replication factor 1");
    assertThat(badCapacity.exit()).isEqualTo(1);
    assertThat(badCapacity.err()).contains("positive number of bytes");
    assertThat(remise("layout", "show").out()).contains("No staged changes.");
  }

  @Test
  void parametersAndRemovalsAreStagedAndARestartKeepsTheLayout() throws Exception {
    long before = api("GET", "GetClusterLayout", null).path("version").asLong();
    assertThat(remise("layout", "config", "--replication-factor", "2", "-r", "maximum").exit())
        .isZero();
    assertThat(remise("layout", "remove", self.substring(0, 8)).exit()).isZero();

    JsonNode staged = api("GET", "GetClusterLayout", null);
    assertThat(staged.path("stagedRoleChanges").get(0).path("id").asString()).isEqualTo(self);
    assertThat(staged.path("stagedRingParameters").path("block").path("replicationFactor").asInt())
        .isEqualTo(2);
    assertThat(remise("layout", "show").out()).contains("THE STAGED LAYOUT CANNOT BE COMPUTED");
    assertThat(remise("layout", "revert").exit()).isZero();

    node.stop();
    node.start();
    assertThat(api("GET", "GetClusterLayout", null).path("version").asLong()).isEqualTo(before);
    assertThat(Files.readString(dataDir.resolve(NodeIdFile.FILE_NAME)).strip()).isEqualTo(self);
  }

  private CliRun.Result remise(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--admin-url",
            node.adminEndpoint().toString(),
            "--admin-token",
            node.identity.adminToken()));
    return CliRun.run(all.toArray(String[]::new));
  }

  private JsonNode api(String method, String operation, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.adminEndpoint().resolve("/v2/" + operation))
            .header("Authorization", "Bearer " + node.identity.adminToken());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
