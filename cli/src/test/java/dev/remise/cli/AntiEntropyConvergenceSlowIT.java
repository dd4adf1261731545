package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthInterceptor;
import dev.remise.rpc.RpcSecret;
import dev.remise.rpc.SyncRpc;
import feign.Feign;
import feign.Retryer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * How long a node that missed writes takes to catch up by anti-entropy alone (no reads, so no read
 * repair): node 3 of a 3-node RF 3 dev cluster is killed, 10,000 objects are written through node
 * 1, node 3 is restarted, and the Merkle roots of every partition of the object and version tables
 * are compared with node 1's until they are all equal. Prints the figures; bounded to 15 minutes.
 */
class AntiEntropyConvergenceSlowIT {
  private static final int OBJECTS = 10_000;
  private static final Duration CONVERGENCE_LIMIT = Duration.ofMinutes(10);

  @TempDir Path tmp;
  private Path dir;

  private DevClusterFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.stop();
    }
  }

  @Test
  void aRestartedNodeCatchesUpOnTenThousandObjectsByAntiEntropy() throws Exception {
    dir = tmp.resolve("cluster");
    fixture = DevClusterFixture.start(dir, 3);
    JsonNode cluster = fixture.cluster();
    fixture.node("kill", "node3");

    long writeStart = System.nanoTime();
    try (S3Client s3 = fixture.s3(0);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Semaphore inFlight = new Semaphore(16);
      List<Future<?>> puts = new ArrayList<>();
      String bucket = cluster.path("bucket").asString();
      for (int i = 0; i < OBJECTS; i++) {
        String key = "converge/%05d".formatted(i);
        inFlight.acquire();
        puts.add(
            pool.submit(
                () -> {
                  try {
                    s3.putObject(
                        b -> b.bucket(bucket).key(key), RequestBody.fromString("value of " + key));
                  } finally {
                    inFlight.release();
                  }
                }));
      }
      for (Future<?> f : puts) {
        f.get();
      }
    }
    Duration writing = Duration.ofNanos(System.nanoTime() - writeStart);

    fixture.node("restart", "node3");
    long restartedAt = System.nanoTime();

    SyncRpc sync = syncClient();
    URI node1 = URI.create(cluster.path("nodes").get(0).path("metadataRpc").asString());
    URI node3 = URI.create(cluster.path("nodes").get(2).path("metadataRpc").asString());
    int differing = differingPartitions(sync, node1, node3);
    int atRestart = differing;
    while (differing > 0
        && Duration.ofNanos(System.nanoTime() - restartedAt).compareTo(CONVERGENCE_LIMIT) < 0) {
      Thread.sleep(1_000);
      differing = differingPartitions(sync, node1, node3);
    }
    Duration converged = Duration.ofNanos(System.nanoTime() - restartedAt);
    System.out.printf(
        "anti-entropy convergence: %d objects written in %d ms with node 3 down; %d of 512"
            + " object/version partitions differed after restart; equal roots %d ms after node 3"
            + " was back up (first pass starts 20 s after start by default)%n",
        OBJECTS, writing.toMillis(), atRestart, converged.toMillis());
    assertThat(atRestart).as("node 3 missed the writes").isPositive();
    assertThat(differing).as("partitions still differing after %s", CONVERGENCE_LIMIT).isZero();
  }

  /** Partitions of the object and version tables whose Merkle roots differ between two nodes. */
  private static int differingPartitions(SyncRpc sync, URI a, URI b) {
    int differing = 0;
    for (String table : List.of("object", "version")) {
      for (int p = 0; p < 256; p++) {
        if (!Arrays.equals(sync.rootHash(a, table, p), sync.rootHash(b, table, p))) {
          differing++;
        }
      }
    }
    return differing;
  }

  private SyncRpc syncClient() throws Exception {
    RpcSecret secret = RpcSecret.configured(null, dir.resolve("rpc_secret"));
    return Feign.builder()
        .requestInterceptor(new RpcAuthInterceptor(new RpcAuth(secret, InstantSource.system())))
        .retryer(Retryer.NEVER_RETRY)
        .target(new NodeAddressedTarget<>(SyncRpc.class, "metadata-node"));
  }
}
