package dev.remise.metadata.rpc;

import static dev.remise.metadata.table.Entries.block;
import static dev.remise.metadata.table.Entries.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.remise.core.NodeId;
import dev.remise.datablock.Compression;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.QuorumUnavailableException;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthInterceptor;
import dev.remise.rpc.RpcSecret;
import dev.remise.table.EntryBatch;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import feign.Feign;
import feign.Request;
import feign.Retryer;
import feign.micrometer.MicrometerCapability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * block_ref cascades reach the block nodes the block ring places them on, as one authenticated
 * {@code insertBlockRefs} call per node, built the way the node builds its client; the block nodes
 * are small JDK HTTP servers that check the proof as {@code RpcAuthFilter} does.
 */
class PlacedBlockRefSinkTest {
  private static final RpcSecret SECRET = RpcSecret.generate();
  private static final List<BlockRef> REFS =
      List.of(new BlockRef(block(1), uuid(9), true), new BlockRef(block(2), uuid(9), true));

  private final RpcAuth auth = new RpcAuth(SECRET, InstantSource.system());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<FakeBlockNode> nodes = new CopyOnWriteArrayList<>();

  private final BlockRpc rpc =
      Feign.builder()
          .requestInterceptor(new RpcAuthInterceptor(auth))
          .options(new Request.Options(Duration.ofSeconds(2), Duration.ofSeconds(5), true))
          .retryer(Retryer.NEVER_RETRY)
          .addCapability(new MicrometerCapability(registry))
          .target(new NodeAddressedTarget<>(BlockRpc.class, "block-node"));

  @AfterEach
  void stop() {
    nodes.forEach(n -> n.server.stop(0));
  }

  private FakeBlockNode node(int status) throws IOException {
    FakeBlockNode node = new FakeBlockNode(auth, status);
    nodes.add(node);
    return node;
  }

  private static NodeId id(int i) {
    return NodeId.fromHex("%064x".formatted(i));
  }

  /** A sink over a two-node block ring at RF 2 (both copies needed) whose nodes are a and b. */
  private PlacedBlockRefSink sink(FakeBlockNode a, FakeBlockNode b) {
    StaticPlacement placement =
        new StaticPlacement(
                id(1), TestLayouts.storage(List.of(id(1), id(2)), 2), ConsistencyMode.CONSISTENT)
            .withAddress(id(1), a.uri())
            .withAddress(id(2), b.uri());
    return new PlacedBlockRefSink(
        new BlockClient(rpc, placement, Compression.NONE, 1 << 20, Runnable::run));
  }

  private static List<byte[]> encoded() {
    return REFS.stream().map(BlockRefTable.INSTANCE::encode).toList();
  }

  @Test
  void everyBlockNodeGetsTheWholeBatchInOneAuthenticatedCall() throws IOException {
    FakeBlockNode a = node(204);
    FakeBlockNode b = node(204);

    sink(a, b).insertBlockRefs(encoded());

    for (FakeBlockNode n : List.of(a, b)) {
      assertThat(n.requests).hasSize(1);
      FakeBlockNode.Received r = n.requests.getFirst();
      assertThat(r.authentic()).isTrue();
      assertThat(r.pathAndQuery()).isEqualTo("/v1/tables/block_ref/insert");
      assertThat(EntryBatch.decode(r.body()).stream().map(BlockRefTable.INSTANCE::decode))
          .containsExactlyElementsOf(REFS);
    }
    // Metered by feign-micrometer, tagged with the role called.
    assertThat(registry.getMeters())
        .anySatisfy(m -> assertThat(m.getId().getTag("host")).isEqualTo("block-node"));
  }

  @Test
  void withoutItsWriteQuorumTheDeliveryFailsAndStaysQueued() throws IOException {
    FakeBlockNode down = node(500);
    FakeBlockNode up = node(204);

    assertThatThrownBy(() -> sink(down, up).insertBlockRefs(encoded()))
        .isInstanceOf(QuorumUnavailableException.class);

    assertThat(up.requests).hasSize(1);
  }

  @Test
  void noLayoutYetIsAFailureNotASilentDrop() {
    PlacedBlockRefSink sink =
        new PlacedBlockRefSink(
            new BlockClient(
                rpc,
                new StaticPlacement(
                    id(1),
                    dev.remise.layout.LayoutHistory.initial(
                        dev.remise.layout.RingParameters.defaults(),
                        dev.remise.layout.RingParameters.defaults()),
                    ConsistencyMode.CONSISTENT),
                Compression.NONE,
                1 << 20,
                Runnable::run));

    assertThatThrownBy(() -> sink.insertBlockRefs(encoded()))
        .isInstanceOf(NoStorageNodesException.class);
  }

  /** A block node answering {@code status} to everything and recording what it got. */
  static final class FakeBlockNode {
    record Received(String pathAndQuery, boolean authentic, byte[] body) {}

    final HttpServer server;
    final List<Received> requests = new CopyOnWriteArrayList<>();

    FakeBlockNode(RpcAuth auth, int status) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            URI uri = exchange.getRequestURI();
            String pathAndQuery =
                uri.getRawQuery() == null
                    ? uri.getRawPath()
                    : uri.getRawPath() + "?" + uri.getRawQuery();
            boolean authentic =
                auth.verify(
                    exchange.getRequestMethod(),
                    pathAndQuery,
                    exchange.getRequestHeaders().getFirst(RpcAuth.HEADER));
            requests.add(
                new Received(pathAndQuery, authentic, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
  }
}
