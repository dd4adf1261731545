package dev.remise.metadata.rpc;

import static dev.remise.metadata.table.Entries.inline;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import dev.remise.core.Uuid;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import dev.remise.metadata.sync.TableSyncer;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.MerkleNode;
import dev.remise.metadata.table.MerkleUpdater;
import dev.remise.metadata.table.MetadataStore;
import dev.remise.metadata.table.PersistentInsertQueue;
import dev.remise.metadata.table.Tables;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.S3Object;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthInterceptor;
import dev.remise.rpc.RpcSecret;
import dev.remise.rpc.SyncRpc;
import dev.remise.table.EntryBatch;
import dev.remise.table.TableSchema;
import feign.Feign;
import feign.Target;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sync RPC on a metadata node's internal port: roots and trie nodes as the node's own Merkle
 * updater keeps them, pushed items merged, bad input refused; and a table syncer in the test
 * process bringing the node up to date over real HTTP.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=metadata-node")
class SyncRpcControllerTest {
  private static final RpcSecret SECRET = RpcSecret.generate();

  @TempDir static Path dir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("remise.metadata.metadata-dir", () -> dir.resolve("meta").toString());
    registry.add("remise.metadata.rpc-secret", SECRET::hex);
  }

  @LocalServerPort int port;
  @Autowired Tables tables;
  @Autowired NodeLayout layout;

  private final RpcAuth auth = new RpcAuth(SECRET, InstantSource.system());
  private final HttpClient http = HttpClient.newHttpClient();

  private SyncRpc client() {
    return Feign.builder()
        .requestInterceptor(new RpcAuthInterceptor(auth))
        .target(Target.EmptyTarget.create(SyncRpc.class));
  }

  private URI node() {
    return URI.create("http://127.0.0.1:" + port);
  }

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

  @Test
  void pushedItemsAreMergedAndTheirRootsAndNodesServed() {
    SyncRpc rpc = client();
    Uuid bucket = uuid(0x3c);
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(ObjectTable.INSTANCE.encode(object(bucket, "k" + i, inline(uuid(i), 1))));
    }
    int partition = bucket.asHash().partition().index();

    rpc.items(node(), "object", EntryBatch.encode(entries));

    LocalTable<?> local = tables.get("object");
    // The node's Merkle updater is woken by the insert and folds the items in shortly after.
    await().atMost(Duration.ofSeconds(10)).until(() -> !local.merkle().hasTodo());
    Hash root = local.merkle().rootHash(partition);
    assertThat(root).isNotEqualTo(MerkleNode.EMPTY_HASH);
    assertThat(rpc.rootHash(node(), "object", partition)).isEqualTo(root.bytes());
    assertThat(MerkleNode.decode(rpc.node(node(), "object", partition, "")))
        .isEqualTo(local.merkle().node(partition, new byte[0]))
        .isInstanceOf(MerkleNode.Intermediate.class);
    MerkleNode.Intermediate top =
        (MerkleNode.Intermediate) MerkleNode.decode(rpc.node(node(), "object", partition, ""));
    String child = "%02x".formatted(top.children().getFirst().index());
    assertThat(MerkleNode.decode(rpc.node(node(), "object", partition, child)).hash())
        .isEqualTo(top.children().getFirst().hash());
    assertThat(rpc.rootHash(node(), "key", 0)).isEqualTo(local(KeyTable.INSTANCE).bytes());
  }

  private Hash local(TableSchema<?> schema) {
    return tables.get(schema.tableName()).merkle().rootHash(0);
  }

  @Test
  void anEmptyPartitionHasTheEmptyRootAndNode() {
    assertThat(client().rootHash(node(), "version", 0xee)).isEqualTo(MerkleNode.EMPTY_HASH.bytes());
    assertThat(MerkleNode.decode(client().node(node(), "version", 0xee, "ab")))
        .isEqualTo(new MerkleNode.Empty());
  }

  @Test
  void badPartitionsPrefixesAndBodiesAre400AndUnknownTables404()
      throws IOException, InterruptedException {
    assertThat(call("GET", "/v1/sync/object/256/root", new byte[0], true).statusCode())
        .isEqualTo(400);
    assertThat(call("GET", "/v1/sync/object/-1/root", new byte[0], true).statusCode())
        .isEqualTo(400);
    assertThat(call("GET", "/v1/sync/key/1/root", new byte[0], true).statusCode()).isEqualTo(400);
    assertThat(call("GET", "/v1/sync/object/x/root", new byte[0], true).statusCode())
        .isEqualTo(400);
    assertThat(call("GET", "/v1/sync/object/0/node?prefix=zz", new byte[0], true).statusCode())
        .isEqualTo(400);
    assertThat(
            call("GET", "/v1/sync/object/0/node?prefix=" + "00".repeat(33), new byte[0], true)
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> malformed =
        call("POST", "/v1/sync/object/items", EntryBatch.encode(List.of(new byte[] {1})), true);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("MalformedEntry");
    HttpResponse<String> unknown = call("GET", "/v1/sync/nope/0/root", new byte[0], true);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("NoSuchTable");
    assertThat(call("GET", "/v1/sync/object/0/root", new byte[0], false).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aSyncerInAnotherProcessBringsThisNodeUpToDateOverHttp() throws IOException {
    NodeId peer = NodeId.fromHex("fe".repeat(32));
    List<TableSchema<?>> schemas = List.of(ObjectTable.INSTANCE, KeyTable.INSTANCE);
    try (MetadataStore store =
        MetadataStore.open(dir.resolve("peer"), false, Tables.columnFamilies(schemas))) {
      Tables peerTables = new Tables(store, new PersistentInsertQueue(store), schemas);
      Random random = new Random(3);
      LocalTable<S3Object> objects = peerTables.get(ObjectTable.INSTANCE);
      for (int i = 0; i < 300; i++) {
        byte[] id = new byte[Hash.LENGTH];
        random.nextBytes(id);
        objects.insert(object(new Uuid(id), "sync-" + i, inline(uuid(i % 250), 7)));
      }
      new MerkleUpdater(peerTables).drain();
      LayoutHistory history = twoNodes(peer, layout.self());
      List<Long> fullSyncs = new ArrayList<>();
      TableSyncer syncer =
          new TableSyncer(
              peerTables,
              peer,
              () -> Optional.of(history),
              n -> n.equals(layout.self()) ? Optional.of(node()) : Optional.empty(),
              client(),
              new TableSyncer.Schedule(
                  Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO),
              InstantSource.system(),
              fullSyncs::add);

      while (syncer.work() == TableSyncer.WorkerState.BUSY) {}

      assertThat(fullSyncs).containsExactly(history.ackMin());
      LocalTable<?> here = tables.get("object");
      await().atMost(Duration.ofSeconds(10)).until(() -> !here.merkle().hasTodo());
      for (int p = 0; p < Partition.COUNT; p++) {
        if (!objects.partitionEntries(p, null, 1).isEmpty()) {
          assertThat(here.merkle().rootHash(p))
              .as("partition %d", p)
              .isNotEqualTo(MerkleNode.EMPTY_HASH);
        }
      }
      // Everything the peer holds is now here, byte for byte.
      for (int p = 0; p < Partition.COUNT; p++) {
        for (var e : objects.partitionEntries(p, null, 1000)) {
          assertThat(here.getEncodedByKey(e.key())).isEqualTo(e.value());
        }
      }
    }
  }

  /** A layout version placing every partition on both nodes. */
  private static LayoutHistory twoNodes(NodeId a, NodeId b) {
    RingParameters rf2 = new RingParameters(2, ZoneRedundancy.atLeast(1));
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    Map<NodeId, RoleChange> roles = new LinkedHashMap<>();
    roles.put(a, RoleChange.assign(NodeRole.storage("dc-a", 1_000_000_000_000L)));
    roles.put(b, RoleChange.assign(NodeRole.storage("dc-b", 1_000_000_000_000L)));
    return LayoutHistory.initial(rf2, rf2).stage(roles, clock).apply(1, clock).history();
  }
}
