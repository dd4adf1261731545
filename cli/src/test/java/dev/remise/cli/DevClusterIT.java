package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code remise dev-cluster} end to end: a 3-node, 3-zone cluster of real processes on loopback,
 * then layout changes through the CLI and the admin API reaching every node within seconds, an
 * object written through one node and read through another, a node killed and restarted, a node
 * added and removed, every S3 request served with one node of three down and failing fast with 503
 * with two down, and a stop that leaves no process behind. The cluster sits on a random
 * 127.x.y.0/24 with the standard ports, so it cannot clash with the single-node tests bound to
 * 127.0.0.1 in this JVM.
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
  void stop() throws Exception {
    // Stops the cluster even when a test failed midway; the processes must not outlive the build.
    CliRun.run("dev-cluster", "stop", "--dir", dir.toString());
    keepLogs(dir, Path.of("target", "dev-cluster-logs", "DevClusterIT"));
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
  void addNodeStartsANodeWithoutARoleAndRemoveNodeStopsIt() throws Exception {
    CliRun.Result added =
        CliRun.run("dev-cluster", "add-node", "--dir", dir.toString(), "--zone", "dc2");
    assertThat(added.exit()).as(added.err()).isZero();
    JsonNode four = JSON.readTree(added.out()).path("nodes").get(3);
    assertThat(four.path("name").asString()).isEqualTo("node4");
    assertThat(four.path("zone").asString()).isEqualTo("dc2");
    String[] first = node(1).path("address").asString().split("\\.");
    assertThat(four.path("address").asString())
        .isEqualTo(
            first[0] + "." + first[1] + "." + first[2] + "." + (Integer.parseInt(first[3]) + 3));
    assertThat(four.path("ports")).isEqualTo(node(1).path("ports"));
    long pid = four.path("process").path("pid").asLong();
    assertThat(ProcessHandle.of(pid)).isPresent();
    String id = four.path("id").asString();
    JsonNode up =
        api("GET", "GetClusterStatus", null)
            .path("nodes")
            .valueStream()
            .filter(n -> n.path("id").asString().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(up.path("isUp").asBoolean()).isTrue();
    assertThat(up.path("layoutVersion").asLong()).isEqualTo(3);
    assertThat(api("GET", "GetClusterLayout", null).path("roles").valueStream())
        .noneMatch(r -> r.path("id").asString().equals(id));
    // Without a role it is a gateway all the same: it reads what the others hold.
    try (S3Client s3 = s3(four)) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key("photos/one.bin")).asByteArray())
          .isEqualTo(body);
    }

    CliRun.Result refused = CliRun.run("dev-cluster", "remove-node", "3", "--dir", dir.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("node3 still has a role in layout version 3");

    CliRun.Result removed =
        CliRun.run("dev-cluster", "remove-node", "node4", "--dir", dir.toString());
    assertThat(removed.exit()).as(removed.err()).isZero();
    awaitGone(pid);
    JsonNode info = JSON.readTree(CliRun.run("dev-cluster", "info", "--dir", dir.toString()).out());
    assertThat(info.path("nodes").valueStream().map(n -> n.path("name").asString()))
        .containsExactly("node1", "node2", "node3");
    assertThat(info.path("removedNodes").get(0).path("id").asString()).isEqualTo(id);
    CliRun.Result restart = CliRun.run("dev-cluster", "restart", "4", "--dir", dir.toString());
    assertThat(restart.exit()).isEqualTo(2);
    assertThat(restart.err()).contains("node4 was removed");
  }

  @Test
  @Order(6)
  void oneNodeDownOfThreeServesEveryRequestAndTwoDownFailFastWith503() throws Exception {
    CliRun.Result killed = CliRun.run("dev-cluster", "kill", "3", "--dir", dir.toString());
    assertThat(killed.exit()).as(killed.err()).isZero();
    for (int i = 1; i <= 2; i++) {
      try (S3Client s3 = s3WithoutRetries(i)) {
        everyRequestSucceeds(s3, "one-down/node" + i);
      }
    }

    killed = CliRun.run("dev-cluster", "kill", "2", "--dir", dir.toString());
    assertThat(killed.exit()).as(killed.err()).isZero();
    try (S3Client s3 = s3WithoutRetries(1)) {
      everyRequestFailsFastWith503(s3, "two-down/");
    }

    restart(2, 3);
    for (int i = 1; i <= 3; i++) {
      try (S3Client s3 = s3WithoutRetries(i)) {
        everyRequestSucceeds(s3, "all-up/node" + i);
      }
    }
  }

  private void restart(int... indexes) {
    for (int n : indexes) {
      CliRun.Result restarted =
          CliRun.run("dev-cluster", "restart", Integer.toString(n), "--dir", dir.toString());
      assertThat(restarted.exit()).as(restarted.err()).isZero();
      cluster = JSON.readTree(restarted.out());
    }
  }

  /**
   * PutObject, GetObject, HeadObject, ListObjectsV2 and DeleteObject of an inline object (under 3
   * KiB: metadata only), CreateMultipartUpload and AbortMultipartUpload, and the same for a 200 kB
   * object and a completed multipart upload, whose data goes to the block nodes.
   */
  private void everyRequestSucceeds(S3Client s3, String prefix) {
    String small = prefix + "/small.txt";
    String large = prefix + "/large.bin";
    String parts = prefix + "/parts.bin";
    byte[] value = (prefix + " value").getBytes(StandardCharsets.UTF_8);
    s3.putObject(b -> b.bucket(bucket()).key(small), RequestBody.fromBytes(value));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(small)).asByteArray())
        .isEqualTo(value);
    assertThat(s3.headObject(b -> b.bucket(bucket()).key(small)).contentLength())
        .isEqualTo(value.length);
    String aborted = prefix + "/aborted.bin";
    String abortedUpload =
        s3.createMultipartUpload(b -> b.bucket(bucket()).key(aborted)).uploadId();
    s3.abortMultipartUpload(b -> b.bucket(bucket()).key(aborted).uploadId(abortedUpload));
    List<String> keys = new ArrayList<>(List.of(small, large, parts));
    s3.putObject(b -> b.bucket(bucket()).key(large), RequestBody.fromBytes(body));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(large)).asByteArray())
        .isEqualTo(body);
    String upload = s3.createMultipartUpload(b -> b.bucket(bucket()).key(parts)).uploadId();
    String etag =
        s3.uploadPart(
                b -> b.bucket(bucket()).key(parts).uploadId(upload).partNumber(1),
                RequestBody.fromBytes(body))
            .eTag();
    s3.completeMultipartUpload(
        b ->
            b.bucket(bucket())
                .key(parts)
                .uploadId(upload)
                .multipartUpload(
                    m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(parts)).asByteArray())
        .isEqualTo(body);
    assertThat(
            s3.listObjectsV2(b -> b.bucket(bucket()).prefix(prefix + "/")).contents().stream()
                .map(S3Object::key))
        .containsExactlyInAnyOrderElementsOf(keys);
    for (String key : keys) {
      s3.deleteObject(b -> b.bucket(bucket()).key(key));
    }
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket()).prefix(prefix + "/")).contents()).isEmpty();
  }

  /**
   * Each request fails with 503 ServiceUnavailable (HeadObject: 503 without a body), well within 2
   * s: a dead node refuses connections, so nothing waits for it.
   */
  private void everyRequestFailsFastWith503(S3Client s3, String prefix) {
    String key = "photos/one.bin";
    Map<String, Runnable> requests = new LinkedHashMap<>();
    requests.put(
        "PutObject",
        () ->
            s3.putObject(
                b -> b.bucket(bucket()).key(prefix + "small.txt"), RequestBody.fromString("x")));
    requests.put("GetObject", () -> s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)));
    requests.put("HeadObject", () -> s3.headObject(b -> b.bucket(bucket()).key(key)));
    requests.put(
        "ListObjectsV2", () -> s3.listObjectsV2(b -> b.bucket(bucket()).prefix("photos/")));
    requests.put("DeleteObject", () -> s3.deleteObject(b -> b.bucket(bucket()).key(key)));
    requests.put(
        "CreateMultipartUpload",
        () -> s3.createMultipartUpload(b -> b.bucket(bucket()).key(prefix + "parts.bin")));
    for (Map.Entry<String, Runnable> r : requests.entrySet()) {
      long start = System.nanoTime();
      Throwable thrown = catchThrowable(r.getValue()::run);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(thrown).as(r.getKey()).isInstanceOf(S3Exception.class);
      S3Exception e = (S3Exception) thrown;
      assertThat(e.statusCode()).as(r.getKey() + ": " + e.getMessage()).isEqualTo(503);
      if (!r.getKey().equals("HeadObject")) {
        assertThat(e.awsErrorDetails().errorCode()).as(r.getKey()).isEqualTo("ServiceUnavailable");
      }
      assertThat(took).as(r.getKey() + " answered in " + took).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  @Order(8)
  void stopLeavesNoProcessAlive() throws Exception {
    List<Long> pids = pids(cluster);
    assertThat(pids).hasSize(4);
    CliRun.Result stopped = CliRun.run("dev-cluster", "stop", "--dir", dir.toString());
    assertThat(stopped.exit()).as(stopped.err()).isZero();
    pids.forEach(DevClusterIT::awaitGone);
  }

  /** Copies every process's log out of the temporary directory, to look at after a failure. */
  static void keepLogs(Path cluster, Path target) throws IOException {
    if (!Files.isDirectory(cluster)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(cluster)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        Path log = d.resolve("log");
        if (Files.exists(log)) {
          Files.createDirectories(target);
          Files.copy(
              log, target.resolve(d.getFileName() + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
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
    return s3(node(index));
  }

  private S3Client s3(JsonNode node) {
    return S3Client.builder()
        .endpointOverride(URI.create(node.path("s3Endpoint").asString()))
        .forcePathStyle(true)
        .region(Region.of(cluster.path("region").asString()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    cluster.path("accessKeyId").asString(),
                    cluster.path("secretAccessKey").asString())))
        .build();
  }

  /** Every failure shows: the SDK would retry a 503; a hang fails the call after 10 s. */
  private S3Client s3WithoutRetries(int index) {
    return S3Client.builder()
        .endpointOverride(URI.create(node(index).path("s3Endpoint").asString()))
        .forcePathStyle(true)
        .region(Region.of(cluster.path("region").asString()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    cluster.path("accessKeyId").asString(),
                    cluster.path("secretAccessKey").asString())))
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(Duration.ofSeconds(10)))
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
