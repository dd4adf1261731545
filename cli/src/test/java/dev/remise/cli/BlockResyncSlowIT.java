package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 5's replication acceptance on a 3-node dev cluster with block RF 3: a 200 MiB object is
 * uploaded while node 3 is down and read back byte-identically; node 3 is restarted and resync
 * (block_ref anti-entropy, then fetching what it references and lacks) gives it every block the
 * other nodes hold. Prints how long that took and how many blocks moved; bounded to 10 minutes.
 */
class BlockResyncSlowIT {
  private static final int SIZE = 200 * 1024 * 1024;
  private static final Duration RESYNC_LIMIT = Duration.ofMinutes(10);
  private static final Pattern BLOCK_FILE = Pattern.compile("[0-9a-f]{64}(\\.zst)?");

  @TempDir Path tmp;
  private Path dir;

  private DevClusterFixture cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void aNodeDownDuringA200MiBUploadGetsEveryBlockBackByResync() throws Exception {
    dir = tmp.resolve("cluster");
    cluster =
        DevClusterFixture.start(
            dir, 3, "--node-property", "remise.block.block-ref-sync-first-delay=2s");
    String bucket = cluster.bucket();

    cluster.node("kill", "node3");

    byte[] body = new byte[SIZE];
    new Random(5).nextBytes(body);
    String sha = sha256(body);
    long uploadStart = System.nanoTime();
    try (S3Client s3 = cluster.s3(0)) {
      s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(body));
    }
    Duration upload = Duration.ofNanos(System.nanoTime() - uploadStart);
    try (S3Client s3 = cluster.s3(1);
        InputStream in = s3.getObject(b -> b.bucket(bucket).key("big"))) {
      assertThat(sha256(in)).as("read back with node 3 still down").isEqualTo(sha);
    }
    Set<String> expected = blockFiles(1);
    assertThat(blockFiles(2)).isEqualTo(expected);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(200);
    assertThat(blockFiles(3)).doesNotContainAnyElementsOf(expected);

    cluster.node("restart", "node3");
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
    cluster.node("kill", "node1");
    cluster.node("kill", "node2");
    cluster.node("restart", "node1");
    // Metadata needs a quorum of 2: node 1 back for tables, node 2 down; blocks come from 3 or 1.
    try (S3Client s3 = cluster.s3(2);
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
}
