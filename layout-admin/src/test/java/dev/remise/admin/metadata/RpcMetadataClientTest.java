package dev.remise.admin.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.FullCopyKeys;
import dev.remise.model.admin.KeyTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcSecret;
import dev.remise.rpc.RpcUnavailableException;
import dev.remise.table.EntryBatch;
import dev.remise.table.TableSchema;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Feign client against a stand-in metadata node speaking {@code TableRpc} over real HTTP: the
 * cluster-secret proof is checked as the node checks it, a 404 is an absent entry, batches and
 * paging survive the wire, and a node that is down or has another secret fails the right way.
 */
class RpcMetadataClientTest {
  private static final RpcSecret SECRET = RpcSecret.generate();
  private static final Map<String, TableSchema<?>> SCHEMAS =
      Map.of(
          KeyTable.INSTANCE.tableName(), KeyTable.INSTANCE,
          BucketTable.INSTANCE.tableName(), BucketTable.INSTANCE,
          BucketAliasTable.INSTANCE.tableName(), BucketAliasTable.INSTANCE);

  private final InMemoryMetadataClient store = new InMemoryMetadataClient();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void insertThenGetRoundTripsThroughTheNode() throws IOException {
    MetadataClient client = client(startNode(SECRET));
    AccessKey key = AccessKey.create("GK" + "ab".repeat(12), "cd".repeat(32), "alice", 5, true);

    client.insert(KeyTable.INSTANCE, key);

    AccessKey read =
        client.get(KeyTable.INSTANCE, FullCopyKeys.PARTITION, sortKey(key)).orElseThrow();
    assertThat(read.secretKey()).isEqualTo(key.secretKey());
    assertThat(read.name().value()).isEqualTo("alice");
  }

  @Test
  void anAbsentEntryIsEmptyNotAnError() throws IOException {
    MetadataClient client = client(startNode(SECRET));

    assertThat(client.get(KeyTable.INSTANCE, FullCopyKeys.PARTITION, "GKnone".getBytes()))
        .isEmpty();
  }

  @Test
  void scanPagesThroughTheNodeInOrder() throws IOException {
    MetadataClient client = client(startNode(SECRET));
    List<String> ids = IntStream.range(0, 1200).mapToObj("GK%024x"::formatted).toList();
    ids.forEach(id -> store.insert(KeyTable.INSTANCE, AccessKey.create(id, "s", id, 1, false)));

    assertThat(client.scan(KeyTable.INSTANCE, FullCopyKeys.PARTITION))
        .extracting(AccessKey::accessKeyId)
        .containsExactlyElementsOf(ids);
  }

  @Test
  void aNodeWithAnotherSecretRejectsTheCall() throws IOException {
    MetadataClient client = client(startNode(RpcSecret.generate()));

    assertThatThrownBy(() -> client.get(KeyTable.INSTANCE, FullCopyKeys.PARTITION, new byte[] {1}))
        .isInstanceOfSatisfying(
            RpcRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  void aNodeThatIsDownIsUnavailable() throws IOException {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    MetadataClient client = client(URI.create("http://127.0.0.1:" + freePort));

    assertThatThrownBy(() -> client.get(KeyTable.INSTANCE, FullCopyKeys.PARTITION, new byte[] {1}))
        .isInstanceOf(RpcUnavailableException.class);
  }

  private static MetadataClient client(URI node) {
    NodeId id = NodeId.fromHex("%064x".formatted(1));
    return RpcMetadataClient.create(
        new StaticPlacement(id, TestLayouts.storage(List.of(id), 1), ConsistencyMode.CONSISTENT)
            .withAddress(id, node),
        new RpcAuth(SECRET, InstantSource.system()),
        Duration.ofSeconds(5),
        new SimpleMeterRegistry());
  }

  private static byte[] sortKey(AccessKey key) {
    return KeyTable.INSTANCE.sortKey(key);
  }

  /** A node holding {@link #store}, checking proofs made with {@code secret}. */
  private URI startNode(RpcSecret secret) throws IOException {
    RpcAuth auth = new RpcAuth(secret, InstantSource.system());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/tables/",
        exchange -> {
          try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String pathAndQuery =
                exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
            String proof = exchange.getRequestHeaders().getFirst(RpcAuth.HEADER);
            if (!auth.verify(exchange.getRequestMethod(), pathAndQuery, proof)) {
              exchange.sendResponseHeaders(403, -1);
              return;
            }
            serve(exchange, query);
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void serve(HttpExchange exchange, String rawQuery) throws IOException {
    String[] path = exchange.getRequestURI().getPath().split("/");
    TableSchema<?> table = SCHEMAS.get(path[3]);
    Map<String, String> q = params(rawQuery);
    byte[] body =
        switch (path[4]) {
          case "insert" -> {
            for (byte[] e : EntryBatch.decode(exchange.getRequestBody().readAllBytes())) {
              insertEncoded(table, e);
            }
            yield new byte[0];
          }
          case "entry" -> {
            byte[] found = getEncoded(table, Hash.fromHex(q.get("p")), base64(q.get("s")));
            if (found == null) {
              exchange.sendResponseHeaders(404, -1);
              yield null;
            }
            yield found;
          }
          case "range" ->
              rangeEncoded(
                  table,
                  Hash.fromHex(q.get("p")),
                  q.containsKey("start") ? base64(q.get("start")) : null,
                  Integer.parseInt(q.get("limit")));
          default -> throw new IllegalArgumentException(path[4]);
        };
    if (body != null) {
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private <E> void insertEncoded(TableSchema<E> table, byte[] encoded) {
    store.insert(table, table.decode(encoded));
  }

  private <E> byte[] getEncoded(TableSchema<E> table, Hash partition, byte[] sortKey) {
    return store.get(table, partition, sortKey).map(table::encode).orElse(null);
  }

  private <E> byte[] rangeEncoded(TableSchema<E> table, Hash partition, byte[] start, int limit) {
    return EntryBatch.encode(
        store.range(table, partition, start, limit).stream().map(table::encode).toList());
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery != null) {
      for (String kv : rawQuery.split("&")) {
        int eq = kv.indexOf('=');
        out.put(
            kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static byte[] base64(String s) {
    return Base64.getUrlDecoder().decode(s);
  }
}
