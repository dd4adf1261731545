package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code remise dev-cluster} for the tests that need one: started on a random 127.x.y.0/24 (so it
 * cannot clash with the single-node tests on 127.0.0.1), fast heartbeats, and S3 clients for its
 * gateways. The caller stops it with {@link #stop} in an {@code @AfterEach}/{@code @AfterAll}.
 */
record DevClusterFixture(Path dir, JsonNode cluster) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Starts {@code nodes} nodes in {@code dir} with {@code extra} arguments of {@code start}. */
  static DevClusterFixture start(Path dir, int nodes, String... extra) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String first = "127." + random.nextInt(100, 250) + "." + random.nextInt(0, 256) + ".11";
    List<String> args =
        new ArrayList<>(
            List.of(
                "dev-cluster",
                "start",
                "--nodes",
                Integer.toString(nodes),
                "--dir",
                dir.toString(),
                "--first-address",
                first,
                "--heartbeat-interval",
                "500ms",
                "--node-up-timeout",
                "3s",
                "--timeout",
                "120s"));
    args.addAll(List.of(extra));
    CliRun.Result started = CliRun.run(args.toArray(String[]::new));
    assertThat(started.exit()).as(started.err()).isZero();
    return new DevClusterFixture(dir, JSON.readTree(started.out()));
  }

  void stop() {
    CliRun.run("dev-cluster", "stop", "--dir", dir.toString());
  }

  /** Runs {@code dev-cluster <command> <node>} (kill, restart) and checks it worked. */
  void node(String command, String node) {
    CliRun.Result r = CliRun.run("dev-cluster", command, node, "--dir", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  String bucket() {
    return cluster.path("bucket").asString();
  }

  /** An S3 client of node {@code index}'s gateway (0-based), with the cluster's default key. */
  S3Client s3(int index) {
    return S3Client.builder()
        .endpointOverride(
            URI.create(cluster.path("nodes").get(index).path("s3Endpoint").asString()))
        .forcePathStyle(true)
        .region(Region.of(cluster.path("region").asString()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    cluster.path("accessKeyId").asString(),
                    cluster.path("secretAccessKey").asString())))
        .build();
  }
}
