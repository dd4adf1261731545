package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthInterceptor;
import dev.remise.rpc.RpcSecret;
import dev.remise.table.EntryBatch;
import feign.Feign;
import feign.FeignException;
import feign.RequestInterceptor;
import feign.Response;
import feign.Retryer;
import feign.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The block node started whole on a random port and called as a gateway calls it: through the
 * {@link BlockRpc} Feign contract, with the cluster-secret proof.
 */
@SpringBootTest(
    classes = BlockNodeApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // What BlockNodeApplication.builder() sets; @SpringBootTest does not use the builder.
      "spring.config.name=block-node",
      "remise.block.rpc-secret=" + BlockRpcIT.SECRET_HEX,
      // Small enough that Tomcat swallows the refused body and the 413 reaches the client.
      "remise.block.max-block-size=1536KB"
    })
class BlockRpcIT {
  static final String SECRET_HEX =
      "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";
  private static final int MAX_BODY = 1536 * 1024;

  @TempDir static Path dir;

  @DynamicPropertySource
  static void dirs(DynamicPropertyRegistry registry) {
    registry.add("remise.block.data-dir", () -> dir.resolve("data").toString());
    registry.add("remise.block.metadata-dir", () -> dir.resolve("meta").toString());
  }

  private final URI node;
  private final BlockRefStore refs;
  private final BlockStore store;
  private final RpcAuth auth = new RpcAuth(RpcSecret.fromHex(SECRET_HEX), InstantSource.system());
  private final BlockRpc rpc = client(new RpcAuthInterceptor(auth));

  BlockRpcIT(
      @LocalServerPort int port, @Autowired BlockRefStore refs, @Autowired BlockStore store) {
    this.node = URI.create("http://127.0.0.1:" + port);
    this.refs = refs;
    this.store = store;
  }

  private static BlockRpc client(RequestInterceptor interceptor) {
    return Feign.builder()
        .requestInterceptor(interceptor)
        .retryer(Retryer.NEVER_RETRY)
        .target(Target.EmptyTarget.create(BlockRpc.class));
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String bodyOf(Response response) throws IOException {
    try (InputStream in = response.body().asInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private HttpResponse<String> rawGet(String path, String proof)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).GET();
    if (proof != null) {
      request.header(RpcAuth.HEADER, proof);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void oneMebibyteBlockRoundTrips() throws IOException {
    byte[] data = randomBytes(1 << 20, 1);
    Hash hash = Blake2.sum(data);

    rpc.putBlock(node, hash.hex(), "plain", data);

    try (Response response = rpc.getBlock(node, hash.hex())) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("Content-Type"))
          .containsExactly("application/octet-stream");
      assertThat(response.headers().get("Content-Length")).containsExactly("1048576");
      try (InputStream in = response.body().asInputStream()) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
    }
  }

  @Test
  void storingABlockTwiceSucceedsBothTimes() {
    byte[] data = randomBytes(4096, 2);
    Hash hash = Blake2.sum(data);

    rpc.putBlock(node, hash.hex(), "plain", data);
    rpc.putBlock(node, hash.hex(), "plain", data);
  }

  @Test
  void blockThisNodeDoesNotHoldIs404() throws IOException {
    Hash hash = Blake2.sum("nobody stored this");

    try (Response response = rpc.getBlock(node, hash.hex())) {
      assertThat(response.status()).isEqualTo(404);
      assertThat(bodyOf(response)).contains("\"code\":\"NoSuchBlock\"");
    }
  }

  @Test
  void corruptLocalCopyIs503AndThenAbsent() throws IOException {
    byte[] data = randomBytes(2048, 5);
    Hash hash = Blake2.sum(data);
    rpc.putBlock(node, hash.hex(), "plain", data);
    Files.write(store.find(hash).orElseThrow(), randomBytes(2048, 6));

    try (Response response = rpc.getBlock(node, hash.hex())) {
      assertThat(response.status()).isEqualTo(503);
      assertThat(bodyOf(response)).contains("\"code\":\"CorruptBlock\"");
    }
    try (Response response = rpc.getBlock(node, hash.hex())) {
      assertThat(response.status()).isEqualTo(404);
    }
  }

  @Test
  void dataNotMatchingItsHashIs400() {
    Hash hash = Blake2.sum("what was promised");

    assertThatThrownBy(
            () ->
                rpc.putBlock(
                    node, hash.hex(), "plain", "what was sent".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            FeignException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.contentUTF8()).contains("\"code\":\"BadRequest\"");
            });
  }

  @Test
  void malformedHashInThePathIs400() throws IOException {
    try (Response response = rpc.getBlock(node, "not-a-hash")) {
      assertThat(response.status()).isEqualTo(400);
    }
  }

  @Test
  void blockOverTheSizeLimitIs413() {
    byte[] data = randomBytes(MAX_BODY + 1, 3);
    Hash hash = Blake2.sum(data);

    assertThatThrownBy(() -> rpc.putBlock(node, hash.hex(), "plain", data))
        .isInstanceOfSatisfying(
            FeignException.class,
            e -> {
              assertThat(e.status()).isEqualTo(413);
              assertThat(e.contentUTF8()).contains("\"code\":\"EntityTooLarge\"");
            });
  }

  @Test
  void insertedBlockRefsAreCountedByTheNode() throws Exception {
    Hash hash = Blake2.sum("a referenced block");
    List<byte[]> entries =
        List.of(
            BlockRefTable.INSTANCE.encode(new BlockRef(hash, Uuid.random(), false)),
            BlockRefTable.INSTANCE.encode(new BlockRef(hash, Uuid.random(), false)));

    rpc.insertBlockRefs(node, EntryBatch.encode(entries));

    assertThat(refs.rc(hash)).isEqualTo(new RcEntry.Present(2));
  }

  @Test
  void malformedBlockRefBatchIs400() {
    assertThatThrownBy(() -> rpc.insertBlockRefs(node, new byte[] {0, 0, 0, 9, 1}))
        .isInstanceOfSatisfying(
            FeignException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.contentUTF8()).doesNotContain("at dev.remise");
            });
  }

  @Test
  void requestWithoutProofIs401() throws Exception {
    HttpResponse<String> response = rawGet("/v1/blocks/" + Blake2.sum("x").hex(), null);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void proofMadeWithAnotherSecretIs403() throws IOException {
    RpcAuth stranger = new RpcAuth(RpcSecret.generate(), InstantSource.system());
    BlockRpc strangerRpc = client(new RpcAuthInterceptor(stranger));

    try (Response response = strangerRpc.getBlock(node, Blake2.sum("x").hex())) {
      assertThat(response.status()).isEqualTo(403);
    }
  }

  @Test
  void unknownPathIsAJson404() throws Exception {
    HttpResponse<String> response = rawGet("/v1/nothing", auth.proof("GET", "/v1/nothing"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"code\":\"NotFound\"");
  }

  @Test
  void healthAndMetricsAreOpenWithoutProof() throws Exception {
    HttpResponse<String> health = rawGet("/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");

    HttpResponse<String> metrics = rawGet("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("block_bytes_written", "block_bytes_read", "block_delete_counter")
        .contains("block_pending_deletion");
  }
}
