package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 5's replication acceptance on a 3-node dev cluster with block RF 3: a 200 MiB object is
 * uploaded while node 3 is down and read back byte-identically; node 3 is restarted and resync
 * (block_ref anti-entropy, then fetching what it references and lacks) gives it every block the
 * other nodes hold. Prints how long that took and how many blocks moved; bounded to 10 minutes.
 */
class BlockResyncSlowIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int SIZE = 200 * 1024 * 1024;
  private static final Duration RESYNC_LIMIT = Duration.ofMinutes(10);
  private static final Pattern BLOCK_FILE = Pattern.compile("[0-9a-f]{64}(\\.zst)?");

  @TempDir Path tmp;
  private Path dir;

  @AfterEach
  void stop() {
    CliRun.run("dev-cluster", "stop", "--dir", dir.toString());
  }

  @Test
  void aNodeDownDuringA200MiBUploadGetsEveryBlockBackByResync() throws Exception {
    dir = tmp.resolve("cluster");
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String first = "127." + r.nextInt(100, 250) + "." + r.nextInt(0, 256) + ".11";
    CliRun.Result started =
        CliRun.run(
            "dev-cluster",
            "start",
            "--nodes",
            "3",
            "--dir",
            dir.toString(),
            "--first-address",
            first,
            "--heartbeat-interval",
            "500ms",
            "--node-up-timeout",
            "3s",
            "--node-property",
            "remise.block.block-ref-sync-first-delay=2s",
            "--timeout",
            "120s");
    assertThat(started.exit()).as(started.err()).isZero();
    JsonNode cluster = JSON.readTree(started.out());
    String bucket = cluster.path("bucket").asString();

    CliRun.Result killed = CliRun.run("dev-cluster", "kill", "node3", "--dir", dir.toString());
    assertThat(killed.exit()).as(killed.err()).isZero();

    byte[] body = new byte[SIZE];
    new Random(5).nextBytes(body);
    String sha = sha256(body);
    long uploadStart = System.nanoTime();
    try (S3Client s3 = s3(cluster, 0)) {
      s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(body));
    }
    Duration upload = Duration.ofNanos(System.nanoTime() - uploadStart);
    try (S3Client s3 = s3(cluster, 1);
        InputStream in = s3.getObject(b -> b.bucket(bucket).key("big"))) {
      assertThat(sha256(in)).as("read back with node 3 still down").isEqualTo(sha);
    }
    Set<String> expected = blockFiles(1);
    assertThat(blockFiles(2)).isEqualTo(expected);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(200);
    assertThat(blockFiles(3)).doesNotContainAnyElementsOf(expected);

    CliRun.Result restarted =
        CliRun.run("dev-cluster", "restart", "node3", "--dir", dir.toString());
    assertThat(restarted.exit()).as(restarted.err()).isZero();
    long restartedAt = System.nanoTime();
    Set<String> onNode3 = blockFiles(3);
    while (!onNode3.containsAll(expected)
        && Duration.ofNanos(System.nanoTime() - restartedAt).compareTo(RESYNC_LIMIT) < 0) {
      Thread.sleep(500);
      onNode3 = blockFiles(3);
    }
    Duration resync = Duration.ofNanos(System.nanoTime() - restartedAt);
    System.out.printf(
        "block resync: 200 MiB uploaded in %d ms with node 3 down (%d blocks); node 3 held all %d"
            + " blocks %d ms after it was restarted%n",
        upload.toMillis(), expected.size(), expected.size(), resync.toMillis());
    assertThat(onNode3).containsAll(expected);

    // Node 3's copies are good: with nodes 1 and 2 down, node 3 alone serves the object.
    CliRun.run("dev-cluster", "kill", "node1", "--dir", dir.toString());
    CliRun.run("dev-cluster", "kill", "node2", "--dir", dir.toString());
    CliRun.run("dev-cluster", "restart", "node1", "--dir", dir.toString());
    // Metadata needs a quorum of 2: node 1 back for tables, node 2 down; blocks come from 3 or 1.
    try (S3Client s3 = s3(cluster, 2);
        InputStream in = s3.getObject(b -> b.bucket(bucket).key("big"))) {
      assertThat(sha256(in)).isEqualTo(sha);
    }
  }

  private Set<String> blockFiles(int node) throws IOException {
    Path blocks = dir.resolve("node" + node).resolve("blocks");
    if (!Files.isDirectory(blocks)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.walk(blocks)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> BLOCK_FILE.matcher(n).matches())
          .map(n -> n.substring(0, 64))
          .collect(Collectors.toSet());
    }
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static S3Client s3(JsonNode cluster, int index) {
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
