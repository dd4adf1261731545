package dev.remise.metadata.rpc;

import static dev.remise.metadata.table.Entries.block;
import static dev.remise.metadata.table.Entries.deleteMarker;
import static dev.remise.metadata.table.Entries.firstBlock;
import static dev.remise.metadata.table.Entries.inline;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.smallUuid;
import static dev.remise.metadata.table.Entries.uuid;
import static dev.remise.metadata.table.Entries.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.metadata.rpc.PlacedBlockRefSinkTest.FakeBlockNode;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import dev.remise.rpc.GcRpc;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.Peer;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthInterceptor;
import dev.remise.rpc.RpcSecret;
import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import dev.remise.testkit.TestLayouts;
import feign.Feign;
import feign.FeignException;
import feign.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The metadata node over HTTP, as other roles see it: a Feign {@link TableRpc} client on the real
 * port, the cluster-secret guard, and the open monitoring endpoints.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=metadata-node")
class TableRpcControllerTest {
  private static final RpcSecret SECRET = RpcSecret.generate();
  private static final Uuid BUCKET = smallUuid(7);
  private static final Hash FULL_COPY_PARTITION = new Hash(new byte[Hash.LENGTH]);

  @TempDir static Path dir;
  private static final FakeBlockNode BLOCK_NODE = blockNode();

  private static FakeBlockNode blockNode() {
    try {
      return new FakeBlockNode(new RpcAuth(SECRET, InstantSource.system()), 204);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("remise.metadata.metadata-dir", () -> dir.resolve("meta").toString());
    registry.add("remise.metadata.rpc-secret", SECRET::hex);
  }

  @AfterAll
  static void stopBlockNode() {
    BLOCK_NODE.server.stop(0);
  }

  @LocalServerPort int port;
  @Autowired NodeLayout layout;

  /**
   * This node alone holds every partition, as layout-admin would have told it, and knows its own
   * address: the cascades its insert queue delivers are quorum writes that come back to it, except
   * block_ref entries, which go to its block role (the fake block node).
   */
  @BeforeEach
  void singleNodeLayout() {
    layout.merge(TestLayouts.storage(List.of(layout.self()), 1));
    layout.mergePeers(
        List.of(
            new Peer(layout.self(), "metadata-node", node(), 1),
            new Peer(layout.self(), "block-node", BLOCK_NODE.uri(), 1)));
  }

  private final RpcAuth auth = new RpcAuth(SECRET, InstantSource.system());
  private final HttpClient http = HttpClient.newHttpClient();

  private TableRpc client(RpcAuth auth) {
    return Feign.builder()
        .requestInterceptor(new RpcAuthInterceptor(auth))
        .dismiss404()
        .target(Target.EmptyTarget.create(TableRpc.class));
  }

  private URI node() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] batch(List<S3Object> objects) {
    return EntryBatch.encode(objects.stream().map(ObjectTable.INSTANCE::encode).toList());
  }

  private List<S3Object> objects(byte[] entryBatch) {
    return EntryBatch.decode(entryBatch).stream().map(ObjectTable.INSTANCE::decode).toList();
  }

  /**
   * A raw call, signed with the cluster secret unless {@code signed} is false, accepting only
   * octet-stream as Feign clients effectively do: errors must still come back as JSON.
   */
  private HttpResponse<String> call(String method, String pathAndQuery, byte[] body, boolean signed)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node() + pathAndQuery))
            .header("Accept", "application/octet-stream")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (signed) {
      request.header(RpcAuth.HEADER, auth.proof(method, pathAndQuery));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A plain GET, as a probe or Prometheus sends it: no proof. */
  private HttpResponse<String> monitoring(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(node() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void insertedObjectsAreReadBackByEntryAndByRange() {
    TableRpc rpc = client(auth);
    S3Object a = object(BUCKET, "docs/a", inline(uuid(1), 1));
    S3Object b = object(BUCKET, "docs/b", inline(uuid(1), 1));
    S3Object gone = object(BUCKET, "docs/c", deleteMarker(uuid(1), 1));
    S3Object other = object(BUCKET, "img/x", inline(uuid(1), 1));

    rpc.insert(node(), "object", batch(List.of(a, b, gone, other)));

    byte[] entry = rpc.get(node(), "object", BUCKET.hex(), b64("docs/b"));
    assertThat(ObjectTable.INSTANCE.decode(entry)).isEqualTo(b);
    byte[] page =
        rpc.getRange(
            node(),
            "object",
            BUCKET.hex(),
            null,
            b64("docs/"),
            ObjectTable.FILTER_IS_DATA,
            10,
            false);
    assertThat(objects(page)).containsExactly(a, b);
    byte[] reversed =
        rpc.getRange(node(), "object", BUCKET.hex(), b64("docs/c"), null, null, 2, true);
    assertThat(objects(reversed)).containsExactly(gone, b);
  }

  @Test
  void insertIfNewerMergesANewerVersionAndRefusesAnOlderOneWith409AndTheNewestTimestamp()
      throws Exception {
    TableRpc rpc = client(auth);
    rpc.insertIfNewer(node(), "object", batch(List.of(object(BUCKET, "c/k", inline(uuid(1), 50)))));

    HttpResponse<String> refused =
        call(
            "POST",
            "/v1/tables/object/insert-if-newer",
            batch(List.of(object(BUCKET, "c/k", inline(uuid(2), 40)))),
            true);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).isEqualTo("50");
    byte[] entry = rpc.get(node(), "object", BUCKET.hex(), b64("c/k"));
    assertThat(ObjectTable.INSTANCE.decode(entry).lastTimestamp()).isEqualTo(50);
  }

  @Test
  void insertIfNewerOnATableWithoutTimestampedVersionsIsA400() throws Exception {
    AccessKey key = AccessKey.create("GK0123456789abcdef0123456a", "s3cr3t", "ops", 1, true);
    HttpResponse<String> response =
        call(
            "POST",
            "/v1/tables/key/insert-if-newer",
            EntryBatch.encode(List.of(KeyTable.INSTANCE.encode(key))),
            true);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"BadRequest\"");
  }

  @Test
  void absentEntryIsA404WithAnEmptyBody() {
    byte[] entry = client(auth).get(node(), "object", BUCKET.hex(), b64("missing"));

    assertThat(entry).isEmpty();
  }

  @Test
  void accessKeysAreStoredInTheFullCopyPartition() {
    TableRpc rpc = client(auth);
    AccessKey key = AccessKey.create("GK0123456789abcdef01234567", "s3cr3t", "ops", 1, true);

    rpc.insert(node(), "key", EntryBatch.encode(List.of(KeyTable.INSTANCE.encode(key))));

    byte[] entry = rpc.get(node(), "key", FULL_COPY_PARTITION.hex(), b64(key.accessKeyId()));
    assertThat(KeyTable.INSTANCE.decode(entry)).isEqualTo(key);
    byte[] all =
        rpc.getRange(node(), "key", FULL_COPY_PARTITION.hex(), null, null, null, 100, false);
    assertThat(EntryBatch.decode(all).stream().map(KeyTable.INSTANCE::decode)).contains(key);
  }

  @Test
  void callWithoutProofIsUnauthorized() throws Exception {
    HttpResponse<String> response =
        call("GET", "/v1/tables/object/entry?p=" + BUCKET.hex(), new byte[0], false);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"code\":\"Unauthorized\"");
  }

  @Test
  void proofMadeWithAnotherSecretIsForbidden() {
    TableRpc stranger = client(new RpcAuth(RpcSecret.generate(), InstantSource.system()));

    FeignException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            FeignException.class, () -> stranger.insert(node(), "object", batch(List.of())));

    assertThat(e.status()).isEqualTo(403);
  }

  @Test
  void healthAndMetricsAreOpenWithoutProof() throws Exception {
    client(auth).get(node(), "object", BUCKET.hex(), b64("warm-up"));

    HttpResponse<String> health = monitoring("/health");
    HttpResponse<String> metrics = monitoring("/metrics");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("table_get_request_counter_total{table_name=\"object\"}")
        .contains("table_put_request_counter_total{table_name=\"key\"}")
        .contains("table_insert_queue_length{table_name=\"block_ref\"}");
  }

  @Test
  void unknownTableIsA404WithAJsonError() throws Exception {
    HttpResponse<String> response =
        call("GET", "/v1/tables/nope/entry?p=" + BUCKET.hex(), new byte[0], true);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).contains("\"code\":\"NoSuchTable\"");
  }

  @Test
  void malformedEntryIsA400AndNothingIsWritten() throws Exception {
    byte[] good = ObjectTable.INSTANCE.encode(object(BUCKET, "batch/good", inline(uuid(1), 1)));
    byte[] body = EntryBatch.encode(List.of(good, "R1objgarbage".getBytes(StandardCharsets.UTF_8)));

    HttpResponse<String> response = call("POST", "/v1/tables/object/insert", body, true);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"MalformedEntry\"").doesNotContain("at dev.");
    assertThat(client(auth).get(node(), "object", BUCKET.hex(), b64("batch/good"))).isEmpty();
  }

  @Test
  void badQueryParametersAreA400() throws Exception {
    String range = "/v1/tables/object/range?p=";
    List<String> bad =
        List.of(
            "/v1/tables/object/entry?p=abc",
            "/v1/tables/object/entry?p=" + BUCKET.hex() + "&s=not*base64",
            "/v1/tables/object/entry",
            range + BUCKET.hex() + "&limit=0",
            range + BUCKET.hex() + "&limit=many",
            range + BUCKET.hex() + "&reverse=sideways",
            range + "zz" + BUCKET.hex().substring(2));
    for (String pathAndQuery : bad) {
      HttpResponse<String> response = call("GET", pathAndQuery, new byte[0], true);
      assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(400);
      assertThat(response.body()).as(pathAndQuery).startsWith("{\"code\":");
    }
  }

  @Test
  void gcDeletesOnlyEntriesThatStillHashAsGivenAndRejectsMalformedItems() throws Exception {
    TableRpc rpc = client(auth);
    S3Object kept = object(BUCKET, "gc-kept", inline(uuid(0x61), 1));
    S3Object gone = object(BUCKET, "gc-gone", inline(uuid(0x62), 1));
    rpc.insert(node(), "object", batch(List.of(kept, gone)));
    GcRpc gc =
        Feign.builder()
            .requestInterceptor(new RpcAuthInterceptor(auth))
            .target(Target.EmptyTarget.create(GcRpc.class));

    gc.deleteIfEqualHash(
        node(),
        "object",
        GcRpc.Item.encode(
            List.of(
                new GcRpc.Item(
                    ObjectTable.INSTANCE.storageKey(gone),
                    Blake2.sum(ObjectTable.INSTANCE.encode(gone))),
                new GcRpc.Item(
                    ObjectTable.INSTANCE.storageKey(kept), Blake2.sum(new byte[] {1})))));

    assertThat(rpc.get(node(), "object", BUCKET.hex(), b64("gc-gone"))).isNullOrEmpty();
    assertThat(rpc.get(node(), "object", BUCKET.hex(), b64("gc-kept"))).isNotEmpty();
    HttpResponse<String> malformed =
        call(
            "POST",
            "/v1/tables/object/gc/delete-if-equal-hash",
            EntryBatch.encode(List.of(new byte[40])),
            true);
    assertThat(malformed.statusCode()).isEqualTo(400);
  }

  @Test
  void unknownFilterIsA400() throws Exception {
    client(auth).insert(node(), "object", batch(List.of(object(BUCKET, "f", inline(uuid(1), 1)))));

    HttpResponse<String> response =
        call(
            "GET", "/v1/tables/object/range?p=" + BUCKET.hex() + "&filter=nope", new byte[0], true);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"UnknownFilter\"");
  }

  @Test
  void overwriteCascadesInTheBackgroundToTheBlockNodes() {
    TableRpc rpc = client(auth);
    Uuid old = uuid(0x41);
    Version oldVersion = version(old, BUCKET, "cascade", block(0x51), block(0x52));
    rpc.insert(
        node(), "version", EntryBatch.encode(List.of(VersionTable.INSTANCE.encode(oldVersion))));
    rpc.insert(
        node(),
        "object",
        batch(List.of(object(BUCKET, "cascade", firstBlock(old, 1, block(0x51))))));

    rpc.insert(node(), "object", batch(List.of(object(BUCKET, "cascade", inline(uuid(0x42), 2)))));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        BLOCK_NODE.requests.stream()
                            .filter(FakeBlockNode.Received::authentic)
                            .flatMap(r -> EntryBatch.decode(r.body()).stream())
                            .map(BlockRefTable.INSTANCE::decode))
                    .contains(
                        new BlockRef(block(0x51), old, true),
                        new BlockRef(block(0x52), old, true)));
    byte[] deleted = rpc.get(node(), "version", old.hex(), "");
    assertThat(VersionTable.INSTANCE.decode(deleted).deleted()).isTrue();
  }
}
