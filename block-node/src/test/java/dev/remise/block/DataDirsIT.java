package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.rpc.BlockAdminRpc;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthInterceptor;
import dev.remise.rpc.RpcSecret;
import feign.Feign;
import feign.Response;
import feign.Retryer;
import feign.Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 5's data-dir acceptance on a real block node: started with two data dirs of 1 and 3 units
 * of capacity, it spreads blocks in that proportion; restarted with the second dir read-only, it
 * still serves every block, and the rebalance repair launched through its admin endpoint empties
 * the read-only dir.
 */
class DataDirsIT {
  private static final String SECRET =
      "da7ad1d5da7ad1d5da7ad1d5da7ad1d5da7ad1d5da7ad1d5da7ad1d5da7ad1d5";

  @TempDir Path dir;
  private final RpcAuth auth = new RpcAuth(RpcSecret.fromHex(SECRET), InstantSource.system());
  private final BlockRpc rpc =
      Feign.builder()
          .requestInterceptor(new RpcAuthInterceptor(auth))
          .retryer(Retryer.NEVER_RETRY)
          .target(Target.EmptyTarget.create(BlockRpc.class));
  private final BlockAdminRpc admin =
      Feign.builder()
          .requestInterceptor(new RpcAuthInterceptor(auth))
          .retryer(Retryer.NEVER_RETRY)
          .target(Target.EmptyTarget.create(BlockAdminRpc.class));

  private ConfigurableApplicationContext start(boolean secondReadOnly) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--remise.block.rpc-secret=" + SECRET,
                "--remise.block.metadata-dir=" + dir.resolve("meta"),
                "--remise.block.data-dirs[0].path=" + dir.resolve("d1"),
                "--remise.block.data-dirs[0].capacity=1GB",
                "--remise.block.data-dirs[1].path=" + dir.resolve("d2")));
    args.add(
        secondReadOnly
            ? "--remise.block.data-dirs[1].read-only=true"
            : "--remise.block.data-dirs[1].capacity=3GB");
    return BlockNodeApplication.builder().run(args.toArray(String[]::new));
  }

  private static URI node(ConfigurableApplicationContext ctx) {
    return URI.create(
        "http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort());
  }

  private long blocksIn(String name) throws Exception {
    try (Stream<Path> files = Files.find(dir.resolve(name), 3, (p, a) -> a.isRegularFile())) {
      return files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
    }
  }

  @Test
  void blocksSpreadByCapacityAndRebalanceEmptiesAReadOnlyDir() throws Exception {
    List<Hash> hashes = new ArrayList<>();
    Random random = new Random(12);
    try (ConfigurableApplicationContext ctx = start(false)) {
      URI node = node(ctx);
      for (int i = 0; i < 800; i++) {
        byte[] data = new byte[256];
        random.nextBytes(data);
        Hash h = Blake2.sum(data);
        rpc.putBlock(node, h.hex(), "plain", data);
        hashes.add(h);
      }
    }
    long d1 = blocksIn("d1");
    long d2 = blocksIn("d2");
    assertThat(d1 + d2).isEqualTo(800);
    assertThat((double) d2 / 800).as("share of the 3-unit dir").isBetween(0.70, 0.80);

    try (ConfigurableApplicationContext ctx = start(true)) {
      URI node = node(ctx);
      for (Hash h : hashes) {
        try (Response r = rpc.getBlock(node, h.hex())) {
          assertThat(r.status()).isEqualTo(200);
        }
      }
      try (Response r =
          admin.call(
              node,
              "LaunchRepairOperation",
              "{\"repairType\":\"rebalance\"}".getBytes(StandardCharsets.UTF_8))) {
        assertThat(r.status()).isEqualTo(200);
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (blocksIn("d2") > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(blocksIn("d2")).isZero();
      assertThat(blocksIn("d1")).isEqualTo(800);
      for (Hash h : hashes) {
        try (Response r = rpc.getBlock(node, h.hex())) {
          assertThat(r.status()).isEqualTo(200);
        }
      }
    }
  }
}
