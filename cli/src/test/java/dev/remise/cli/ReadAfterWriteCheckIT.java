package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code remise check read-after-write} against a running single node: a healthy store shows no
 * violation, every operation is accounted for, and a dev cluster's {@code cluster.json} is enough
 * to find the endpoints and credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadAfterWriteCheckIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  @TempDir static Path work;
  RunningNode node;

  @BeforeAll
  void start() throws Exception {
    node = new RunningNode(dataDir, Map.of());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void eightClientsThroughTwoEndpointsSeeEveryAcknowledgedWrite() throws Exception {
    Path report = work.resolve("report.json");
    Path history = work.resolve("history.jsonl");
    String endpoint = node.s3Endpoint().toString();
    CliRun.Result run =
        CliRun.run(
            "check",
            "read-after-write",
            "--endpoint",
            endpoint,
            "--endpoint",
            endpoint + "/",
            "--access-key-id",
            node.identity.accessKeyId(),
            "--secret-access-key",
            node.identity.secretKey(),
            "--bucket",
            "default-bucket",
            "--region",
            RunningNode.REGION,
            "--clients",
            "8",
            "--keys",
            "50",
            "--operations",
            "2000",
            "--max-duration",
            "60s",
            "--timeout",
            "10s",
            "--report",
            report.toString(),
            "--history",
            history.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonNode summary = JSON.readTree(run.out());
    assertThat(summary.path("result").asString()).isEqualTo("ok");
    assertThat(summary.path("violations").asLong()).isZero();
    assertThat(summary.path("stoppedBy").asString()).isEqualTo("operations");
    assertThat(summary.path("operations").asLong()).isEqualTo(2000);
    assertThat(
            summary.path("gets").asLong()
                + summary.path("puts").asLong()
                + summary.path("deletes").asLong())
        .isEqualTo(2000);
    // A healthy node answers every request, so the check saw real reads of real writes.
    assertThat(summary.path("failed").path("gets").asLong()).isZero();
    assertThat(summary.path("failed").path("puts").asLong()).isZero();
    assertThat(summary.path("failed").path("deletes").asLong()).isZero();
    assertThat(summary.path("gets").asLong()).isGreaterThan(summary.path("notFoundGets").asLong());
    assertThat(summary.path("perEndpoint").size()).isEqualTo(2);
    assertThat(summary.path("keyPrefix").asString()).startsWith("read-after-write/");

    JsonNode full = JSON.readTree(Files.readString(report));
    assertThat(full.path("allViolations").isArray()).isTrue();
    assertThat(full.path("allViolations")).isEmpty();
    assertThat(full.path("operations").asLong()).isEqualTo(2000);
    List<String> lines = Files.readAllLines(history);
    assertThat(lines).hasSize(2000);
    assertThat(JSON.readTree(lines.getFirst()).path("kind").asString())
        .isIn("GET", "PUT", "DELETE");
  }

  @Test
  void aDevClusterDirectoryGivesEndpointsAndCredentials() throws Exception {
    Path dir = Files.createDirectories(work.resolve("dev"));
    String endpoint = node.s3Endpoint().toString();
    // Only what the check reads of the cluster.json that `remise dev-cluster start` writes.
    Files.writeString(
        dir.resolve("cluster.json"),
        JSON.writeValueAsString(
            Map.of(
                "region",
                RunningNode.REGION,
                "accessKeyId",
                node.identity.accessKeyId(),
                "secretAccessKey",
                node.identity.secretKey(),
                "bucket",
                "default-bucket",
                "layoutVersion",
                1,
                "replicationFactor",
                1,
                "nodes",
                List.of(
                    Map.of("index", 1, "capacity", 1, "s3Endpoint", endpoint),
                    Map.of("index", 2, "capacity", 1, "s3Endpoint", endpoint + "/")))));

    CliRun.Result run =
        CliRun.run(
            "check",
            "read-after-write",
            "--dev-cluster",
            dir.toString(),
            "--operations",
            "100",
            "--clients",
            "4");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonNode summary = JSON.readTree(run.out());
    assertThat(summary.path("violations").asLong()).isZero();
    assertThat(summary.path("operations").asLong()).isEqualTo(100);
    assertThat(summary.path("bucket").asString()).isEqualTo("default-bucket");
    assertThat(summary.path("endpoints")).hasSize(2);
  }

  @Test
  void aWrongSecretFailsEveryOperationWithoutAViolation() throws Exception {
    CliRun.Result run =
        CliRun.run(
            "check",
            "read-after-write",
            "--endpoint",
            node.s3Endpoint().toString(),
            "--access-key-id",
            node.identity.accessKeyId(),
            "--secret-access-key",
            "0".repeat(64),
            "--bucket",
            "default-bucket",
            "--operations",
            "50");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonNode summary = JSON.readTree(run.out());
    assertThat(summary.path("violations").asLong()).isZero();
    assertThat(
            summary.path("failed").path("gets").asLong()
                + summary.path("failed").path("puts").asLong()
                + summary.path("failed").path("deletes").asLong())
        .isEqualTo(50);
    assertThat(summary.path("errors").propertyNames()).contains("HTTP 403 SignatureDoesNotMatch");
    assertThat(run.err()).contains("operations failed");
  }
}
