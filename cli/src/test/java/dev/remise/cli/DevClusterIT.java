package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code remise dev-cluster} end to end: a 3-node, 3-zone cluster of real processes on loopback,
 * then layout changes through the CLI and the admin API reaching every node within seconds, an
 * object written through one node and read through another, a node killed and restarted, and a stop
 * that leaves no process behind. The cluster sits on a random 127.x.y.0/24 with the standard ports,
 * so it cannot clash with the single-node tests bound to 127.0.0.1 in this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevClusterIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration UP_TIMEOUT = Duration.ofSeconds(3);

  @TempDir static Path tmp;
  private Path dir;
  private JsonNode cluster;
  private final HttpClient http = HttpClient.newHttpClient();
  private final byte[] body = new byte[200_000];

  @BeforeAll
  void start() {
    dir = tmp.resolve("cluster");
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String first = "127." + random.nextInt(100, 250) + "." + random.nextInt(0, 256) + ".11";
    CliRun.Result started =
        CliRun.run(
            "dev-cluster",
            "start",
            "--nodes",
            "3",
            "--zones",
            "3",
            "--dir",
            dir.toString(),
            "--first-address",
            first,
            "--heartbeat-interval",
            "300ms",
            "--node-up-timeout",
            UP_TIMEOUT.toMillis() + "ms",
            "--timeout",
            "90s");
    assertThat(started.exit()).as(started.err()).isZero();
    cluster = JSON.readTree(started.out());
    random.nextBytes(body);
  }

  @AfterAll
  void stop() {
    // Stops the cluster even when a test failed midway; the processes must not outlive the build.
    CliRun.run("dev-cluster", "stop", "--dir", dir.toString());
    CliRun.Result info = CliRun.run("dev-cluster", "info", "--dir", dir.toString());
    if (info.exit() == 0) {
      for (long pid : pids(JSON.readTree(info.out()))) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  @Order(1)
  void startPrintsTheClusterWithEveryNodeUpInItsZone() throws Exception {
    assertThat(cluster.path("nodes")).hasSize(3);
    assertThat(cluster.path("accessKeyId").asString()).startsWith("GK");
    assertThat(cluster.path("bucket").asString()).isEqualTo("dev-bucket");
    assertThat(cluster.path("layoutVersion").asLong()).isEqualTo(1);
    List<String> zones = new ArrayList<>();
    for (JsonNode n : cluster.path("nodes")) {
      zones.add(n.path("zone").asString());
      assertThat(ProcessHandle.of(n.path("process").path("pid").asLong()))
          .hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
      assertThat(n.path("ports").path("s3").asInt()).isEqualTo(3900);
    }
    assertThat(zones).containsExactly("dc1", "dc2", "dc3");

    JsonNode status = api("GET", "GetClusterStatus", null);
    assertThat(status.path("layoutVersion").asLong()).isEqualTo(1);
    for (int i = 1; i <= 3; i++) {
      JsonNode n = nodeStatus(status, i).orElseThrow();
      assertThat(n.path("isUp").asBoolean()).isTrue();
      assertThat(n.path("layoutVersion").asLong()).isEqualTo(1);
      assertThat(n.path("roles").valueStream().map(JsonNode::asString))
          .containsAll(DevCluster.NODE_ROLES);
    }
    CliRun.Result cliStatus = remise("status");
    assertThat(cliStatus.exit()).as(cliStatus.err()).isZero();
    assertThat(cliStatus.out()).contains("Layout version 1.").doesNotContain("FAILED NODES");

    CliRun.Result again = CliRun.run("dev-cluster", "start", "--dir", dir.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already runs");
  }

  @Test
  @Order(2)
  void layoutChangesGoThroughCliAndApiAndReachEveryNodeWithinSeconds() throws Exception {
    String node1 = id(1);
    String node2 = id(2);

    // Staged by the CLI, previewed by the API, reverted by the API.
    CliRun.Result assign = remise("layout", "assign", node1, "-z", "dc1", "-c", "200G");
    assertThat(assign.exit()).as(assign.err()).isZero();
    JsonNode preview = api("POST", "PreviewClusterLayoutChanges", Map.of());
    assertThat(preview.path("newLayout").path("version").asLong()).isEqualTo(2);
    api("POST", "RevertClusterLayout", Map.of());
    assertThat(remise("layout", "show").out()).contains("No staged changes.");

    // Staged by the API, shown and reverted by the CLI.
    stageTag(node2, "spare");
    assertThat(remise("layout", "show").out())
        .contains("STAGED CHANGES")
        .contains("remise layout apply --version 2");
    assertThat(remise("layout", "revert").exit()).isZero();
    assertThat(api("GET", "GetClusterLayout", null).path("stagedRoleChanges")).isEmpty();

    // Staged by both, applied by the CLI.
    assertThat(remise("layout", "assign", node1, "-z", "dc1", "-c", "200G").exit()).isZero();
    stageTag(node2, "spare");
    CliRun.Result applied = remise("layout", "apply", "--version", "2");
    assertThat(applied.exit()).as(applied.err()).isZero();
    Instant appliedAt = Instant.now();
    awaitEveryNodeAt(2);
    assertThat(Duration.between(appliedAt, Instant.now())).isLessThan(Duration.ofSeconds(5));

    assertThat(remise("layout", "history").out())
        .containsPattern("2\\s+Current")
        .containsPattern("1\\s+(Draining|Historical)");
    JsonNode history = api("GET", "GetClusterLayoutHistory", null);
    assertThat(history.path("currentVersion").asLong()).isEqualTo(2);
    assertThat(history.path("versions").valueStream().map(v -> v.path("version").asLong()))
        .contains(2L, 1L);

    // And applied by the API.
    stageTag(id(3), "fast");
    api("POST", "ApplyClusterLayout", Map.of("version", 3));
    appliedAt = Instant.now();
    awaitEveryNodeAt(3);
    assertThat(Duration.between(appliedAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(remise("status").out()).contains("Layout version 3.");
  }

  @Test
  @Order(3)
  void anObjectWrittenThroughNode1IsReadThroughNode3() {
    try (S3Client one = s3(1);
        S3Client three = s3(3)) {
      one.putObject(b -> b.bucket(bucket()).key("photos/one.bin"), RequestBody.fromBytes(body));
      byte[] read =
          three.getObjectAsBytes(b -> b.bucket(bucket()).key("photos/one.bin")).asByteArray();
      assertThat(read).isEqualTo(body);
    }
  }

  @Test
  @Order(4)
  void aKilledNodeIsReportedDownAndARestartBringsItBackAtTheCurrentVersion() throws Exception {
    long oldPid = node(2).path("process").path("pid").asLong();
    CliRun.Result killed = CliRun.run("dev-cluster", "kill", "2", "--dir", dir.toString());
    assertThat(killed.exit()).as(killed.err()).isZero();
    Instant killedAt = Instant.now();
    awaitGone(oldPid);

    await(
        "node 2 reported down",
        UP_TIMEOUT.plusSeconds(5),
        s -> nodeStatus(s, 2).map(n -> !n.path("isUp").asBoolean()).orElse(false));
    assertThat(Duration.between(killedAt, Instant.now())).isLessThan(UP_TIMEOUT.plusSeconds(2));

    CliRun.Result restarted = CliRun.run("dev-cluster", "restart", "2", "--dir", dir.toString());
    assertThat(restarted.exit()).as(restarted.err()).isZero();
    cluster = JSON.readTree(restarted.out());
    long newPid = node(2).path("process").path("pid").asLong();
    assertThat(newPid).isNotEqualTo(oldPid);
    JsonNode n = nodeStatus(api("GET", "GetClusterStatus", null), 2).orElseThrow();
    assertThat(n.path("isUp").asBoolean()).isTrue();
    assertThat(n.path("layoutVersion").asLong()).isEqualTo(3);

    // Node 2 kept its copy of everything on its data dir.
    try (S3Client two = s3(2)) {
      assertThat(two.getObjectAsBytes(b -> b.bucket(bucket()).key("photos/one.bin")).asByteArray())
          .isEqualTo(body);
    }
  }

  @Test
  @Order(5)
  void stopLeavesNoProcessAlive() throws Exception {
    List<Long> pids = pids(cluster);
    assertThat(pids).hasSize(4);
    CliRun.Result stopped = CliRun.run("dev-cluster", "stop", "--dir", dir.toString());
    assertThat(stopped.exit()).as(stopped.err()).isZero();
    pids.forEach(DevClusterIT::awaitGone);
  }

  /** Gone once this JVM, the processes' parent, has reaped it, which follows the exit closely. */
  private static void awaitGone(long pid) {
    Instant deadline = Instant.now().plusSeconds(2);
    while (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()) {
      assertThat(Instant.now()).as("pid " + pid + " still alive").isBefore(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  @Test
  void badRequestsAreUsageErrors() {
    CliRun.Result zones =
        CliRun.run(
            "dev-cluster",
            "start",
            "--nodes",
            "2",
            "--zones",
            "3",
            "--dir",
            tmp.resolve("x").toString());
    assertThat(zones.exit()).isEqualTo(2);
    assertThat(zones.err()).contains("--zones must be between 1 and the number of nodes (2)");
    CliRun.Result address =
        CliRun.run(
            "dev-cluster",
            "start",
            "--first-address",
            "10.0.0.1",
            "--dir",
            tmp.resolve("y").toString());
    assertThat(address.exit()).isEqualTo(2);
    assertThat(address.err()).contains("loopback");
    CliRun.Result noCluster =
        CliRun.run("dev-cluster", "kill", "1", "--dir", tmp.resolve("z").toString());
    assertThat(noCluster.exit()).isEqualTo(1);
    assertThat(noCluster.err()).contains("no dev cluster");
    CliRun.Result node = CliRun.run("server", "--data-dir", tmp.resolve("n").toString());
    assertThat(node.exit()).isEqualTo(2);
    assertThat(node.err()).contains("a node needs --layout-admin URL");
  }

  private void stageTag(String id, String tag) throws Exception {
    JsonNode current = api("GET", "GetClusterLayout", null);
    JsonNode role = null;
    for (JsonNode r : current.path("roles")) {
      if (r.path("id").asString().equals(id)) {
        role = r;
      }
    }
    assertThat(role).as("role of " + id).isNotNull();
    api(
        "POST",
        "UpdateClusterLayout",
        Map.of(
            "roles",
            List.of(
                Map.of(
                    "id",
                    id,
                    "zone",
                    role.path("zone").asString(),
                    "capacity",
                    role.path("capacity").asLong(),
                    "tags",
                    List.of(tag)))));
  }

  private void awaitEveryNodeAt(long version) throws Exception {
    await(
        "every node at layout version " + version,
        Duration.ofSeconds(5),
        s -> {
          for (int i = 1; i <= 3; i++) {
            Optional<JsonNode> n = nodeStatus(s, i);
            if (n.isEmpty()
                || !n.get().path("isUp").asBoolean()
                || n.get().path("layoutVersion").asLong() != version) {
              return false;
            }
          }
          return true;
        });
  }

  private void await(String what, Duration within, Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plus(within);
    JsonNode status = api("GET", "GetClusterStatus", null);
    while (!condition.test(status)) {
      assertThat(Instant.now()).as(what + "; last status: " + status).isBefore(deadline);
      Thread.sleep(100);
      status = api("GET", "GetClusterStatus", null);
    }
  }

  private Optional<JsonNode> nodeStatus(JsonNode status, int index) {
    String id = id(index);
    return status
        .path("nodes")
        .valueStream()
        .filter(n -> n.path("id").asString().equals(id))
        .findFirst();
  }

  private JsonNode node(int index) {
    return cluster.path("nodes").get(index - 1);
  }

  private String id(int index) {
    return node(index).path("id").asString();
  }

  private String bucket() {
    return cluster.path("bucket").asString();
  }

  private S3Client s3(int index) {
    return S3Client.builder()
        .endpointOverride(URI.create(node(index).path("s3Endpoint").asString()))
        .forcePathStyle(true)
        .region(Region.of(cluster.path("region").asString()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    cluster.path("accessKeyId").asString(),
                    cluster.path("secretAccessKey").asString())))
        .build();
  }

  private static List<Long> pids(JsonNode state) {
    List<Long> out = new ArrayList<>();
    out.add(state.path("layoutAdmin").path("pid").asLong());
    state.path("nodes").forEach(n -> out.add(n.path("process").path("pid").asLong()));
    return out;
  }

  private CliRun.Result remise(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--admin-url",
            cluster.path("adminEndpoint").asString(),
            "--admin-token",
            cluster.path("adminToken").asString()));
    return CliRun.run(all.toArray(String[]::new));
  }

  private JsonNode api(String method, String operation, Object requestBody) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(cluster.path("adminEndpoint").asString() + "/v2/" + operation))
            .header("Authorization", "Bearer " + cluster.path("adminToken").asString());
    if (requestBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(
              method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(requestBody)));
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(operation + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
