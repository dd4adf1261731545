package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code remise bench s3} against a running single node: PUT, GET and a warp-like mix complete
 * without errors, the JSON report counts what was asked, and the run cleans up after itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchS3IT {
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

  private JsonNode bench(String name, String... args) throws Exception {
    Path report = work.resolve(name + ".json");
    String[] common = {
      "bench",
      "s3",
      "--endpoint",
      node.s3Endpoint().toString(),
      "--access-key",
      node.identity.accessKeyId(),
      "--secret-key",
      node.identity.secretKey(),
      "--json",
      report.toString(),
      "--seed",
      "7"
    };
    String[] all = new String[common.length + args.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(args, 0, all, common.length, args.length);
    CliRun.Result run = CliRun.run(all);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("op", "ops/s", "MB/s", "p99 ms");
    return JSON.readTree(Files.readString(report));
  }

  @Test
  @Order(0)
  void latencyMeasuresEachRequestKindOneAtATime() {
    CliRun.Result run =
        CliRun.run(
            "bench",
            "latency",
            "--endpoint",
            node.s3Endpoint().toString(),
            "--access-key",
            node.identity.accessKeyId(),
            "--secret-key",
            node.identity.secretKey(),
            "--count",
            "5",
            "--rtt",
            "1ms");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    for (String op :
        List.of("GetObject", "PutObject", "ListObjects", "ListBuckets", "RemoveObject")) {
      assertThat(run.out()).containsPattern(op + " +5  mean +[0-9.]+ ms .*RTT\\)");
    }
  }

  @Test
  @Order(1)
  void putsTwentyObjectsOfOneMebibyte() throws Exception {
    JsonNode r =
        bench("put", "--op", "put", "--size", "1MiB", "--count", "20", "--concurrency", "4");
    assertThat(r.path("stoppedBy").asString()).isEqualTo("count");
    assertThat(r.path("parameters").path("sizeBytes").asLong()).isEqualTo(1 << 20);
    assertThat(r.path("parameters").path("bucket").asString()).isEqualTo("remise-bench");
    assertThat(r.path("parameters").path("payloadSigning").asString()).startsWith("signed");
    JsonNode put = r.path("operations").get(0);
    assertThat(put.path("op").asString()).isEqualTo("PUT");
    assertThat(put.path("count").asLong()).isEqualTo(20);
    assertThat(put.path("errors").asLong()).isZero();
    assertThat(put.path("bytes").asLong()).isEqualTo(20L << 20);
    assertThat(put.path("mbPerSecond").asDouble()).isPositive();
    assertThat(put.path("latencyMs").path("p50").asDouble()).isPositive();
    assertThat(r.path("operations").size()).isEqualTo(1);
    assertThat(r.path("total").path("count").asLong()).isEqualTo(20);
  }

  @Test
  @Order(2)
  void getsPreparedObjectsAndVerifiesTheirBodies() throws Exception {
    JsonNode r =
        bench(
            "get",
            "--op",
            "get",
            "--size",
            "1MiB",
            "--count",
            "20",
            "--concurrency",
            "4",
            "--objects",
            "8",
            "--verify",
            "--compressible");
    assertThat(r.path("parameters").path("objects").asInt()).isEqualTo(8);
    JsonNode get = r.path("operations").get(0);
    assertThat(get.path("op").asString()).isEqualTo("GET");
    assertThat(get.path("count").asLong()).isEqualTo(20);
    assertThat(get.path("errors").asLong()).isZero();
    assertThat(get.path("bytes").asLong()).isEqualTo(20L << 20);
    assertThat(get.path("mbPerSecond").asDouble()).isPositive();
    assertThat(get.path("firstByteMs").path("p50").asDouble()).isPositive();
  }

  @Test
  @Order(3)
  void aWarpMixRunsForItsDurationWithoutErrors() throws Exception {
    JsonNode r =
        bench("mixed", "--op", "mixed", "--duration", "3s", "--size", "10KiB", "--objects", "50");
    assertThat(r.path("stoppedBy").asString()).isEqualTo("duration");
    assertThat(r.path("elapsedSeconds").asDouble()).isGreaterThanOrEqualTo(3.0);
    assertThat(r.path("total").path("errors").asLong()).isZero();
    assertThat(r.path("total").path("opsPerSecond").asDouble()).isPositive();
    assertThat(r.path("errors").size()).isZero();
    JsonNode ops = r.path("operations");
    assertThat(ops.size()).isEqualTo(4);
    long total = 0;
    for (JsonNode op : ops) {
      assertThat(op.path("op").asString()).isIn("PUT", "GET", "HEAD", "DELETE");
      assertThat(op.path("count").asLong()).as(op.toString()).isPositive();
      total += op.path("count").asLong();
    }
    assertThat(r.path("total").path("count").asLong()).isEqualTo(total);
  }

  @Test
  @Order(4)
  void everyRunDeletedItsObjects() {
    try (var s3 = node.s3()) {
      assertThat(s3.listObjectsV2(b -> b.bucket("remise-bench").prefix("bench/")).contents())
          .isEmpty();
    }
  }
}
