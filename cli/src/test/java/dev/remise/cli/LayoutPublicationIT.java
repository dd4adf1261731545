package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeIdFile;
import dev.remise.rpc.NodeLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Layout publication end to end on a running single node: its roles pull the layout history after a
 * heartbeat whose digest differs from theirs, keep it in their own {@code cluster_layout} files,
 * and report its version, so {@code GetClusterStatus} shows the node at a newly applied version
 * within a few heartbeat periods, and still at that version after a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutPublicationIT {
  private static final String OTHER = "6f".repeat(32);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private RunningNode node;
  private String self;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws IOException {
    node =
        new RunningNode(
            dataDir,
            Map.of(
                "remise.metadata.heartbeat-interval", "300ms",
                "remise.block.heartbeat-interval", "300ms",
                "remise.s3.heartbeat-interval", "300ms"));
    self = Files.readString(dataDir.resolve(NodeIdFile.FILE_NAME)).strip();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void anAppliedLayoutReachesTheNodeWithinSecondsAndSurvivesARestart() throws Exception {
    awaitNodeAtLayoutVersion(1);

    assertThat(remise("layout", "assign", OTHER, "-z", "dc2", "-c", "1T").exit()).isZero();
    CliRun.Result applied = remise("layout", "apply", "--version", "2");
    assertThat(applied.exit()).as(applied.err()).isZero();
    awaitNodeAtLayoutVersion(2);

    node.stop();
    // Every role kept the version it pulled in its own file, read again at the next start.
    assertThat(NodeLayout.open(dataDir.resolve("meta")).currentVersion()).isEqualTo(2);
    assertThat(NodeLayout.open(dataDir.resolve("block-meta")).currentVersion()).isEqualTo(2);
    assertThat(NodeLayout.open(dataDir).currentVersion()).isEqualTo(2);
    node.start();
    awaitNodeAtLayoutVersion(2);
  }

  /**
   * Waits until this node's entry reports {@code version}: the lowest version among its roles, so
   * every role has pulled it.
   */
  private void awaitNodeAtLayoutVersion(long version) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    JsonNode me = selfStatus();
    while (me == null
        || me.path("roles").size() < 3
        || me.path("layoutVersion").asLong() != version) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the node never reported layout version " + version + ": " + me);
      }
      Thread.sleep(100);
      me = selfStatus();
    }
  }

  private JsonNode selfStatus() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.adminEndpoint() + "/v2/GetClusterStatus"))
            .header("Authorization", "Bearer " + node.identity.adminToken())
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode n : JSON.readTree(r.body()).path("nodes")) {
      if (n.path("id").asString().equals(self)) {
        return n;
      }
    }
    return null;
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
}
