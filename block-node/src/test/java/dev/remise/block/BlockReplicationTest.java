package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.datablock.Compression;
import dev.remise.datablock.DataBlock;
import dev.remise.datablock.DataBlock.BlockFormat;
import dev.remise.layout.LayoutHistory;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.BlockNodes;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.Peer;
import dev.remise.table.EntryBatch;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import feign.Request;
import feign.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * Three block nodes in one JVM, wired as in production (BlockManager, resync queue and worker,
 * block_ref anti-entropy, GC with offload) and reached through the {@link BlockRpc} contract over
 * an in-process network whose nodes can be taken down. A gateway-side {@link BlockClient} writes
 * and reads as gateways do. Workers are driven step by step: nothing here waits on time.
 */
class BlockReplicationTest {
  private static final Duration GC_DELAY = Duration.ofMinutes(10);
  private static final Duration CHECK_DELAY = Duration.ofMinutes(10);

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final Map<URI, Node> nodes = new LinkedHashMap<>();
  private final Set<URI> down = ConcurrentHashMap.newKeySet();
  private final List<NodeId> ids = new ArrayList<>();
  private LayoutHistory history;
  private BlockClient gateway;
  private StaticPlacement gatewayView;
  private final Random random = new Random(3);

  /** One block node's objects. */
  private final class Node {
    final NodeId id;
    final URI address;
    final MetadataDb db;
    final BlockStore store;
    final BlockRefStore refs;
    final ResyncQueue queue;
    final BlockManager manager;
    final ResyncWorker worker;
    final BlockRefSyncer syncer;
    final BlockGcWorker gc;
    final NodeLayout layout;

    Node(NodeId id, Path dir) throws Exception {
      this.id = id;
      this.address = StaticPlacement.addressOf(id);
      db = MetadataDb.open(dir.resolve("meta"));
      store = BlockStore.open(dir.resolve("data"), false, Optional.empty());
      refs = new BlockRefStore(db, clock, GC_DELAY);
      queue = new ResyncQueue(db);
      BlockMetrics metrics = new BlockMetrics(new SimpleMeterRegistry(), refs);
      manager =
          new BlockManager(store, refs, queue, metrics, clock, CHECK_DELAY, () -> {}, () -> {});
      layout = NodeLayout.open(dir.resolve("meta"), id);
      layout.merge(history);
      List<Peer> peers = new ArrayList<>();
      for (NodeId n : ids) {
        peers.add(new Peer(n, "block-node", StaticPlacement.addressOf(n), 1));
      }
      layout.mergePeers(peers);
      BlockClient peerClient =
          new BlockClient(
              network,
              BlockNodes.of(layout, ConsistencyMode.CONSISTENT),
              Compression.NONE,
              1 << 24,
              Runnable::run);
      BlockResync resync = new BlockResync(store, refs, peerClient, layout, metrics, clock);
      worker =
          new ResyncWorker(
              0, queue, resync, new ResyncTunables(1, 0), clock, ResyncWorker.newBusySet());
      syncer =
          new BlockRefSyncer(
              refs,
              manager,
              peerClient,
              layout,
              ConsistencyMode.CONSISTENT,
              clock,
              Duration.ofMinutes(10),
              Duration.ZERO,
              new Random(1));
      gc = new BlockGcWorker(refs, store, metrics, clock, resync::offload);
    }

    /** Runs the resync worker until nothing is due. */
    int resyncUntilIdle() throws Exception {
      int steps = 0;
      while (worker.work() == WorkerState.BUSY) {
        steps++;
        assertThat(steps).as("resync steps").isLessThan(10_000);
      }
      return steps;
    }

    boolean holds(Hash h) {
      return store.exists(h);
    }
  }

  private final BlockRpc network =
      new BlockRpc() {
        private Node node(URI uri) {
          if (down.contains(uri)) {
            throw new feign.RetryableException(
                -1, "node down", Request.HttpMethod.GET, (Long) null, request());
          }
          return nodes.get(uri);
        }

        @Override
        public void putBlock(URI uri, String hash, String format, byte[] data) {
          call(
              () ->
                  node(uri)
                      .manager
                      .putBlock(
                          Hash.fromHex(hash),
                          DataBlock.of(BlockFormat.parse(format), data.clone())));
        }

        @Override
        public Response getBlock(URI uri, String hash) {
          Node n = node(uri);
          Optional<DataBlock> block;
          try {
            block = n.manager.readBlock(Hash.fromHex(hash));
          } catch (CorruptBlockException e) {
            return Response.builder().request(request()).status(503).headers(Map.of()).build();
          } catch (IOException | RocksDBException e) {
            throw new IllegalStateException(e);
          }
          if (block.isEmpty()) {
            return Response.builder().request(request()).status(404).headers(Map.of()).build();
          }
          Map<String, Collection<String>> headers = new HashMap<>();
          headers.put(DataBlock.FORMAT_HEADER, List.of(block.get().format().label()));
          return Response.builder()
              .request(request())
              .status(200)
              .headers(headers)
              .body(block.get().bytes())
              .build();
        }

        @Override
        public String needBlock(URI uri, String hash) {
          Node n = node(uri);
          try {
            return Boolean.toString(n.manager.needs(Hash.fromHex(hash)));
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public void insertBlockRefs(URI uri, byte[] entryBatch) {
          Node n = node(uri);
          call(() -> n.manager.insertRefs(decode(entryBatch)));
        }

        @Override
        public void syncBlockRefs(URI uri, byte[] entryBatch) {
          Node n = node(uri);
          call(() -> n.manager.syncRefs(decode(entryBatch)));
        }

        @Override
        public void deleteBlockRefsIfEqual(URI uri, byte[] entryBatch) {
          Node n = node(uri);
          call(() -> n.refs.removeHandedOver(EntryBatch.decode(entryBatch)));
        }

        @Override
        public byte[] blockRefEntries(URI uri, int partition, int subRange) {
          Node n = node(uri);
          try {
            return EntryBatch.encode(n.refs.entries(partition, subRange));
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public byte[] blockRefDigests(URI uri, int partition) {
          Node n = node(uri);
          try {
            return n.refs.digests(partition);
          } catch (RocksDBException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  private interface Call {
    void run() throws Exception;
  }

  private static void call(Call c) {
    try {
      c.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<BlockRef> decode(byte[] batch) {
    return EntryBatch.decode(batch).stream().map(BlockRefTable.INSTANCE::decode).toList();
  }

  private static Request request() {
    return Request.create(Request.HttpMethod.GET, "http://in-process", Map.of(), null, null, null);
  }

  @BeforeEach
  void cluster() throws Exception {
    // Node 4 exists from the start but joins the layout only in the layout-change test.
    for (int i = 1; i <= 4; i++) {
      ids.add(NodeId.fromHex("%02x".formatted(i * 50) + "00".repeat(30) + "%02x".formatted(i)));
    }
    history = TestLayouts.storage(ids.subList(0, 3), 3);
    for (NodeId id : ids) {
      Node n = new Node(id, Files.createDirectories(tmp.resolve(id.hex().substring(0, 4))));
      nodes.put(n.address, n);
    }
    gatewayView = new StaticPlacement(ids.getFirst(), history, ConsistencyMode.CONSISTENT);
    gateway = new BlockClient(network, gatewayView, Compression.DEFAULT, 1 << 24, Runnable::run);
  }

  @AfterEach
  void close() {
    nodes.values().forEach(n -> n.db.close());
  }

  private Node node(int i) {
    return nodes.get(StaticPlacement.addressOf(ids.get(i - 1)));
  }

  private byte[] data(int size, boolean compressible) {
    byte[] d = new byte[size];
    random.nextBytes(d);
    if (compressible) {
      for (int i = 0; i < size; i++) {
        d[i] = (byte) ('a' + (d[i] & 3));
      }
    }
    return d;
  }

  /** Writes a block and its reference the way an upload does. */
  private Hash upload(byte[] data, Uuid version) {
    Hash h = Blake2.sum(data);
    gateway.put(h, data);
    gateway.insertRefs(BlockRefTable.INSTANCE, List.of(new BlockRef(h, version, false)));
    return h;
  }

  private byte[] read(Hash h, int length) throws IOException {
    try (InputStream in = gateway.get(h, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aNodeDownDuringUploadsGetsEveryBlockBackByAntiEntropyAndResync() throws Exception {
    down.add(node(3).address);
    Map<Hash, byte[]> written = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      byte[] d = data(5_000 + i, i % 2 == 0);
      written.put(upload(d, Uuid.random()), d);
    }
    for (Hash h : written.keySet()) {
      assertThat(node(1).holds(h) && node(2).holds(h)).isTrue();
      assertThat(node(3).holds(h)).isFalse();
    }

    down.remove(node(3).address);
    BlockRefSyncer.PassResult pass = node(3).syncer.pass();
    assertThat(pass.subRangesSynced()).isPositive();
    assertThat(node(3).resyncUntilIdle()).isEqualTo(written.size());

    for (Map.Entry<Hash, byte[]> e : written.entrySet()) {
      assertThat(node(3).holds(e.getKey())).isTrue();
      assertThat(node(3).refs.rc(e.getKey())).isEqualTo(new RcEntry.Present(1));
    }
    // A second pass finds nothing to exchange.
    assertThat(node(3).syncer.pass().subRangesSynced()).isZero();
    assertThat(node(1).syncer.pass().subRangesSynced()).isZero();
  }

  @Test
  void aCorruptCopyIsServedFromAnotherReplicaQuarantinedAndRestoredByResync() throws Exception {
    byte[] d = data(50_000, false);
    Hash h = upload(d, Uuid.random());
    Path file = node(1).store.find(h).orElseThrow();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);

    // The gateway reads from node 1 first (its own node): the corruption is caught there.
    assertThat(read(h, d.length)).isEqualTo(d);
    assertThat(node(1).holds(h)).isFalse();
    assertThat(Files.exists(file.resolveSibling(file.getFileName() + ".corrupted"))).isTrue();

    assertThat(node(1).resyncUntilIdle()).isEqualTo(1);
    assertThat(node(1).store.read(h).orElseThrow().plain()).isEqualTo(d);
  }

  @Test
  void deletedObjectsFreeTheirBlocksEverywhereButASharedBlockSurvives() throws Exception {
    Uuid v1 = Uuid.random();
    Uuid v2 = Uuid.random();
    byte[] shared = data(20_000, true);
    byte[] own = data(20_000, true);
    Hash sharedHash = upload(shared, v1);
    upload(shared, v2); // same content in a second object: one block, two references
    Hash ownHash = upload(own, v1);

    // Object 1 is deleted: its version's references become tombstones.
    gateway.insertRefs(
        BlockRefTable.INSTANCE,
        List.of(new BlockRef(sharedHash, v1, true), new BlockRef(ownHash, v1, true)));
    clock.advance(GC_DELAY.plusSeconds(1));
    for (Node n : List.of(node(1), node(2), node(3))) {
      n.gc.work();
      assertThat(n.holds(ownHash)).isFalse();
      assertThat(n.holds(sharedHash)).isTrue();
    }
    assertThat(read(sharedHash, shared.length)).isEqualTo(shared);
    assertThatThrownBy(() -> read(ownHash, own.length))
        .isInstanceOf(BlockClient.BlockNotFoundException.class);
  }

  @Test
  void gcHandsABlockToAHolderThatNeedsItBeforeDeletingIt() throws Exception {
    byte[] d = data(10_000, false);
    Hash h = Blake2.sum(d);
    Uuid v = Uuid.random();
    // Node 3 references the block but never got it (down for the block write only).
    down.add(node(3).address);
    gateway.put(h, d);
    down.remove(node(3).address);
    gateway.insertRefs(BlockRefTable.INSTANCE, List.of(new BlockRef(h, v, false)));
    // Nodes 1 and 2 lose their references (say, handed over elsewhere) and their copies expire.
    for (int i = 1; i <= 2; i++) {
      node(i)
          .refs
          .removeHandedOver(node(i).refs.entries(h.partition().index(), h.bytes()[1] & 0xff));
    }
    clock.advance(GC_DELAY.plusSeconds(1));
    node(1).gc.work();
    // Node 1 offered it to node 3, which needed it, before deleting its own copy.
    assertThat(node(1).holds(h)).isFalse();
    assertThat(node(3).holds(h)).isTrue();
  }

  @Test
  void aBlockNoNodeHoldsIsRetriedWithBackoff() throws Exception {
    Hash h = Blake2.sum(data(100, false));
    node(2).manager.syncRefs(List.of(new BlockRef(h, Uuid.random(), false)));
    assertThat(node(2).resyncUntilIdle()).isEqualTo(1);
    assertThat(node(2).queue.error(h).orElseThrow().failures()).isEqualTo(1);
    assertThat(node(2).queue.peek(1).getFirst().atMillis()).isEqualTo(clock.millis() + 60_000);
  }

  @Test
  void aLayoutChangeMovesBlocksToTheNewNodeAndOffTheLeavingOne() throws Exception {
    Map<Hash, byte[]> written = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      byte[] d = data(3_000 + i, i % 3 == 0);
      written.put(upload(d, Uuid.random()), d);
    }
    // Version 2: node 4 replaces node 3. Version 1 stays active until every node is synced.
    LayoutHistory v2 = TestLayouts.change(history, List.of(ids.get(3)), List.of(ids.get(2)));
    for (Node n : nodes.values()) {
      n.layout.merge(v2);
    }
    gatewayView.setHistory(v2);

    // Node 4's first anti-entropy pass pulls the references of its partitions, and resync fetches
    // their blocks from the nodes of version 1.
    node(4).syncer.pass();
    node(4).resyncUntilIdle();
    for (Hash h : written.keySet()) {
      assertThat(node(4).holds(h)).isTrue();
    }
    // Blocks written now go to version 2's nodes only; they are found there.
    byte[] fresh = data(4_000, false);
    Hash freshHash = upload(fresh, Uuid.random());
    assertThat(node(3).holds(freshHash)).isFalse();
    assertThat(read(freshHash, fresh.length)).isEqualTo(fresh);

    // Every node is synced to version 2: version 1 retires.
    List<NodeId> all = ids;
    LayoutHistory retired =
        v2.withTrackers(
            dev.remise.layout.UpdateTrackers.empty()
                .raise(dev.remise.layout.UpdateTrackers.Tracker.ACK, all, 2)
                .raise(dev.remise.layout.UpdateTrackers.Tracker.SYNC, all, 2)
                .raise(dev.remise.layout.UpdateTrackers.Tracker.SYNC_ACK, all, 2));
    assertThat(retired.activeVersions()).hasSize(1);
    for (Node n : nodes.values()) {
      n.layout.merge(retired);
    }
    // Node 3 holds no partition any more: it hands its references over and, after the delay, its
    // blocks go.
    BlockRefSyncer.PassResult offload = node(3).syncer.pass();
    // Its references: the 30 blocks, and the fresh one (written while version 1 was still active,
    // so its reference reached version 1's nodes too).
    assertThat(offload.offloaded()).isEqualTo(written.size() + 1);
    clock.advance(GC_DELAY.plusSeconds(1));
    while (node(3).gc.work() == WorkerState.BUSY) {
      // drain
    }
    for (Hash h : written.keySet()) {
      assertThat(node(3).holds(h)).as("node 3 deleted %s", h).isFalse();
      for (int n : List.of(1, 2, 4)) {
        assertThat(node(n).holds(h)).isTrue();
        assertThat(node(n).refs.rc(h)).isEqualTo(new RcEntry.Present(1));
      }
      assertThat(read(h, written.get(h).length)).isEqualTo(written.get(h));
    }
  }

  @Test
  void referenceTombstonesAreCollectedOnEveryHolderAfterTheDelay() throws Exception {
    Uuid v = Uuid.random();
    byte[] d = data(2_000, false);
    Hash h = upload(d, v);
    gateway.insertRefs(BlockRefTable.INSTANCE, List.of(new BlockRef(h, v, true)));
    int partition = h.partition().index();
    int sub = h.bytes()[1] & 0xff;
    Node n1 = node(1);
    BlockRefGcWorker gc =
        new BlockRefGcWorker(
            n1.refs,
            new BlockClient(
                network,
                BlockNodes.of(n1.layout, ConsistencyMode.CONSISTENT),
                Compression.NONE,
                1 << 20,
                Runnable::run),
            n1.layout,
            ConsistencyMode.CONSISTENT,
            clock,
            Duration.ofHours(24));
    gc.work();
    assertThat(n1.refs.entries(partition, sub)).hasSize(1); // too young

    // Node 3 is down: the tombstone cannot be known to be everywhere, so it stays.
    clock.advance(Duration.ofHours(25));
    down.add(node(3).address);
    gc.work();
    assertThat(n1.refs.entries(partition, sub)).hasSize(1);

    down.remove(node(3).address);
    gc.work();
    for (int i = 1; i <= 3; i++) {
      assertThat(node(i).refs.entries(partition, sub)).as("node %d", i).isEmpty();
    }
    assertThat(n1.refs.tombstonesDue(clock.millis(), 10)).isEmpty();
  }
}
