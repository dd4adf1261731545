package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Blocks on a 3-node dev cluster (block RF 3) through S3, end to end: overwriting and deleting
 * objects frees their blocks on every node once the (shortened) deletion delay has passed, while a
 * block two objects share survives deleting one of them; a block file corrupted on one node is
 * caught on read, served from another replica, quarantined, and restored by resync.
 */
class BlockLifecycleIT {
  private static final int MIB = 1024 * 1024;
  private static final Duration WAIT = Duration.ofSeconds(60);

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
  void blocksAreFreedAfterDeletionKeptWhileSharedAndRepairedWhenCorrupt() throws Exception {
    dir = tmp.resolve("cluster");
    cluster =
        DevClusterFixture.start(
            dir,
            3,
            "--node-property",
            "remise.block.block-gc-delay=2s",
            "--node-property",
            "remise.metadata.insert-queue-interval=1s");
    String bucket = cluster.bucket();
    Random random = new Random(9);
    byte[] shared = bytes(random, 2 * MIB + 100);
    byte[] first1 = bytes(random, MIB + 10);
    byte[] second1 = bytes(random, MIB + 20);

    try (S3Client s3 = cluster.s3(0)) {
      s3.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromBytes(shared));
      s3.putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromBytes(shared));
      s3.putObject(b -> b.bucket(bucket).key("c"), RequestBody.fromBytes(first1));
      // Everything is on every node (RF 3 on 3 nodes).
      for (String h : blocksOf(shared)) {
        awaitOnAllNodes(h, true);
      }
      for (String h : blocksOf(first1)) {
        awaitOnAllNodes(h, true);
      }
      s3.putObject(b -> b.bucket(bucket).key("c"), RequestBody.fromBytes(second1));
      s3.deleteObject(b -> b.bucket(bucket).key("a"));
    }

    // c's first content and nothing else goes, on every node.
    for (String h : blocksOf(first1)) {
      awaitOnAllNodes(h, false);
    }
    for (String h : blocksOf(shared)) {
      for (int n = 1; n <= 3; n++) {
        assertThat(blockFile(n, h)).as("shared block %s on node %d", h, n).isPresent();
      }
    }
    for (String h : blocksOf(second1)) {
      for (int n = 1; n <= 3; n++) {
        assertThat(blockFile(n, h)).isPresent();
      }
    }

    // A flipped byte in node 1's copy of b's first block.
    String victim = blocksOf(shared).getFirst();
    Path file = blockFile(1, victim).orElseThrow();
    byte[] content = Files.readAllBytes(file);
    content[content.length / 3] ^= 0x20;
    Files.write(file, content);
    try (S3Client s3 = cluster.s3(0)) {
      byte[] read = s3.getObjectAsBytes(b -> b.bucket(bucket).key("b")).asByteArray();
      assertThat(read).isEqualTo(shared);
    }
    assertThat(file.resolveSibling(file.getFileName() + ".corrupted")).exists();
    await(() -> blockFile(1, victim).isPresent(), "resync restores node 1's copy");
    Path restored = blockFile(1, victim).orElseThrow();
    byte[] good = Files.readAllBytes(restored);
    assertThat(good).isNotEqualTo(content);
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** The block hashes of an object cut into 1 MiB blocks (the default block size). */
  private static List<String> blocksOf(byte[] data) {
    List<String> out = new ArrayList<>();
    for (int off = 0; off < data.length; off += MIB) {
      out.add(Blake2.sum(Arrays.copyOfRange(data, off, Math.min(data.length, off + MIB))).hex());
    }
    return out;
  }

  private Optional<Path> blockFile(int node, String hex) {
    Path d =
        dir.resolve("node" + node)
            .resolve("blocks")
            .resolve(hex.substring(0, 2))
            .resolve(hex.substring(2, 4));
    for (String name : List.of(hex + ".zst", hex)) {
      if (Files.exists(d.resolve(name))) {
        return Optional.of(d.resolve(name));
      }
    }
    return Optional.empty();
  }

  private void awaitOnAllNodes(String hex, boolean present) throws InterruptedException {
    await(
        () -> Stream.of(1, 2, 3).allMatch(n -> blockFile(n, hex).isPresent() == present),
        "block " + hex + (present ? " on" : " gone from") + " every node");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }
}
