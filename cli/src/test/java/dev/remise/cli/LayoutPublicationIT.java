package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
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
                "remise.s3.heartbeat-interval", "300ms",
                "remise.k2v.heartbeat-interval", "300ms"));
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
    // The roles share the node's one copy, kept in its file and read again at the next start.
    assertThat(NodeLayout.open(dataDir, NodeId.fromHex(self)).currentVersion()).isEqualTo(2);
    node.start();
    awaitNodeAtLayoutVersion(2);

    // The node's acknowledgement reached layout-admin; the node added in version 2 never ran, so
    // it holds the cluster at version 1 until an operator skips it.
    awaitTrackers(t -> t.path(self).path("ack").asLong() == 2);
    JsonNode history = admin("GET", "/v2/GetClusterLayoutHistory", null);
    assertThat(history.path("minAck").asLong()).isEqualTo(1);
    assertThat(history.path("updateTrackers").path(OTHER).path("ack").asLong()).isEqualTo(1);

    CliRun.Result skipped = remise("layout", "skip-dead-nodes", "--version", "2");
    assertThat(skipped.exit()).as(skipped.err()).isZero();
    assertThat(skipped.out()).contains("ack").contains(OTHER.substring(0, 16));
    assertThat(admin("GET", "/v2/GetClusterLayoutHistory", null).path("minAck").asLong())
        .isEqualTo(2);
  }

  @Test
  void layoutAdminRebuildsItsHistoryFromTheNodeAfterLosingItsDirectory() throws Exception {
    JsonNode layoutBefore = admin("GET", "/v2/GetClusterLayout", null);
    awaitNodeAtLayoutVersion(layoutBefore.path("version").asLong());
    JsonNode before = admin("GET", "/v2/GetClusterLayoutHistory", null);

    node.stop();
    deleteRecursively(dataDir.resolve("admin"));
    node.start();

    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    JsonNode after = admin("GET", "/v2/GetClusterLayoutHistory", null);
    while (after.path("currentVersion").asLong() != before.path("currentVersion").asLong()) {
      assertThat(Instant.now()).as("layout-admin rebuilt: " + after).isBefore(deadline);
      Thread.sleep(100);
      after = admin("GET", "/v2/GetClusterLayoutHistory", null);
    }
    assertThat(after.path("versions")).isEqualTo(before.path("versions"));
    assertThat(admin("GET", "/v2/GetClusterLayout", null).path("roles"))
        .isEqualTo(layoutBefore.path("roles"));
  }

  private void awaitTrackers(java.util.function.Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    JsonNode trackers = admin("GET", "/v2/GetClusterLayoutHistory", null).path("updateTrackers");
    while (!condition.test(trackers)) {
      assertThat(Instant.now()).as("trackers: " + trackers).isBefore(deadline);
      Thread.sleep(100);
      trackers = admin("GET", "/v2/GetClusterLayoutHistory", null).path("updateTrackers");
    }
  }

  private JsonNode admin(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.adminEndpoint() + path))
            .header("Authorization", "Bearer " + node.identity.adminToken())
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Waits until this node's entry reports {@code version}: the lowest version among its roles, so
   * every role has pulled it.
   */
  private void awaitNodeAtLayoutVersion(long version) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    JsonNode me = selfStatus();
    while (me == null
        || me.path("roles").size() < 4
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
