package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeIdFile;
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
 * Heartbeats end to end on a running single node: its metadata, block and S3 roles beat to
 * layout-admin under the node's one id, so {@code remise status} lists one node, up, running the
 * three roles, and the cluster is healthy. The heartbeat period is shortened so the roles that
 * started before layout-admin are heard from within a second or two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusCommandIT {
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
                "remise.metadata.heartbeat-interval", "500ms",
                "remise.block.heartbeat-interval", "500ms",
                "remise.s3.heartbeat-interval", "500ms",
                "remise.k2v.heartbeat-interval", "500ms"));
    self = Files.readString(dataDir.resolve(NodeIdFile.FILE_NAME)).strip();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void statusListsTheSingleNodeUpWithItsRolesAndAHealthyCluster() throws Exception {
    JsonNode health = awaitHealthy();
    assertThat(health.path("storageNodes").asInt()).isEqualTo(1);
    assertThat(health.path("storageNodesUp").asInt()).isEqualTo(1);
    assertThat(health.path("partitionsAllOk").asInt()).isEqualTo(256);

    JsonNode status = admin("GetClusterStatus");
    assertThat(status.path("nodes")).hasSize(1);
    JsonNode me = status.path("nodes").get(0);
    assertThat(me.path("id").asString()).isEqualTo(self);
    assertThat(me.path("isUp").asBoolean()).isTrue();
    assertThat(me.path("dataPartition").path("total").asLong()).isPositive();
    assertThat(me.path("metadataPartition").path("total").asLong()).isPositive();

    CliRun.Result r = remise("status");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("==== HEALTHY NODES ====")
        .doesNotContain("FAILED NODES")
        .containsPattern(
            self.substring(0, 16) + ".*block-node,gateway-k2v,gateway-s3,metadata-node\\s+dc1")
        .contains("Layout version 1. Cluster healthy: 1/1 storage nodes up");
  }

  /** The storage roles beat before layout-admin listens; their retries land within a period. */
  private JsonNode awaitHealthy() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode health = admin("GetClusterHealth");
    while (!health.path("status").asString().equals("healthy")
        || admin("GetClusterStatus").path("nodes").get(0).path("roles").size() < 4) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the node never became healthy: " + health);
      }
      Thread.sleep(200);
      health = admin("GetClusterHealth");
    }
    return health;
  }

  private JsonNode admin(String operation) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.adminEndpoint() + "/v2/" + operation))
            .header("Authorization", "Bearer " + node.identity.adminToken())
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
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
