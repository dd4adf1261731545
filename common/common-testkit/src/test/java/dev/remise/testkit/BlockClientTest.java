package dev.remise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.datablock.Compression;
import dev.remise.datablock.DataBlock.BlockFormat;
import dev.remise.layout.LayoutHistory;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.QuorumUnavailableException;
import dev.remise.table.EntryBatch;
import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Blocks go to their partition's nodes in the current version and need a write quorum there;
 * block_ref entries reach every active version; reads find a block on any version's nodes.
 */
class BlockClientTest {
  private final List<NodeId> ids =
      IntStream.rangeClosed(1, 5).mapToObj(BlockClientTest::id).toList();
  private final Map<URI, InMemoryBlockNode> byAddress = new HashMap<>();
  private final BlockRpc network =
      new BlockRpc() {
        @Override
        public void putBlock(URI node, String hash, String format, byte[] data) {
          byAddress.get(node).putBlock(node, hash, format, data);
        }

        @Override
        public Response getBlock(URI node, String hash) {
          return byAddress.get(node).getBlock(node, hash);
        }

        @Override
        public String needBlock(URI node, String hash) {
          return byAddress.get(node).needBlock(node, hash);
        }

        @Override
        public void insertBlockRefs(URI node, byte[] entryBatch) {
          byAddress.get(node).insertBlockRefs(node, entryBatch);
        }

        @Override
        public void syncBlockRefs(URI node, byte[] entryBatch) {
          byAddress.get(node).syncBlockRefs(node, entryBatch);
        }

        @Override
        public void deleteBlockRefsIfEqual(URI node, byte[] entryBatch) {
          byAddress.get(node).deleteBlockRefsIfEqual(node, entryBatch);
        }

        @Override
        public byte[] blockRefEntries(URI node, int partition, int subRange) {
          return byAddress.get(node).blockRefEntries(node, partition, subRange);
        }

        @Override
        public byte[] blockRefDigests(URI node, int partition) {
          return byAddress.get(node).blockRefDigests(node, partition);
        }
      };

  private final StaticPlacement placement =
      new StaticPlacement(
          ids.getFirst(), TestLayouts.storage(ids.subList(0, 3), 3), ConsistencyMode.CONSISTENT);

  {
    for (NodeId n : ids) {
      byAddress.put(StaticPlacement.addressOf(n), new InMemoryBlockNode());
    }
  }

  private BlockClient client(Compression compression) {
    return new BlockClient(network, placement, compression, 1 << 20, Runnable::run);
  }

  private static NodeId id(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) (i * 40);
    b[31] = (byte) i;
    return new NodeId(b);
  }

  private InMemoryBlockNode node(int i) {
    return byAddress.get(StaticPlacement.addressOf(ids.get(i - 1)));
  }

  private static byte[] text(int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) ('a' + i % 7);
    }
    return out;
  }

  @Test
  void withOneNodeDownOfThreeBlocksAndReferencesAreStillWrittenAndRead() throws IOException {
    BlockClient blocks = client(Compression.NONE);
    byte[] data = "some block".getBytes();
    Hash hash = Blake2.sum(data);
    node(1).setDown(true);

    blocks.put(hash, data);
    blocks.insertRefs(BlockRefTable.INSTANCE, List.of(new BlockRef(hash, Uuid.random(), false)));

    assertThat(node(1).blocks()).isEmpty();
    assertThat(node(2).blocks()).containsKey(hash);
    assertThat(node(3).refs()).hasSize(1);
    node(1).setDown(false);
    // Node 1 is asked first (it is self) but lacks the block: the read moves on.
    try (InputStream in = blocks.get(hash, data.length)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void withTwoNodesDownOfThreeAWriteFailsWithQuorumUnavailable() {
    BlockClient blocks = client(Compression.NONE);
    byte[] data = "another block".getBytes();
    node(1).setDown(true);
    node(3).setDown(true);

    assertThatThrownBy(() -> blocks.put(Blake2.sum(data), data))
        .isInstanceOf(QuorumUnavailableException.class)
        .hasMessageContaining("write quorum");
  }

  @Test
  void compressibleBlocksTravelAndAreStoredCompressed() throws IOException {
    BlockClient blocks = client(Compression.DEFAULT);
    byte[] data = text(100_000);
    Hash hash = Blake2.sum(data);
    blocks.put(hash, data);
    assertThat(node(2).blocks().get(hash).format()).isEqualTo(BlockFormat.ZSTD);
    assertThat(node(2).blocks().get(hash).storedLength()).isLessThan(data.length / 10);
    try (InputStream in = blocks.get(hash, data.length)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void duringALayoutChangeBlocksGoToTheNewNodesAndRefsToBoth() throws IOException {
    BlockClient blocks = client(Compression.NONE);
    // Written under version 1 (nodes 1-3)...
    byte[] old = "written before the change".getBytes();
    Hash oldHash = Blake2.sum(old);
    blocks.put(oldHash, old);
    // ...then nodes 4 and 5 replace nodes 2 and 3 in version 2; version 1 stays active.
    LayoutHistory v2 =
        TestLayouts.change(placement.history(), ids.subList(3, 5), ids.subList(1, 3));
    placement.setHistory(v2);
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      byte[] data = new byte[64];
      random.nextBytes(data);
      Hash hash = Blake2.sum(data);
      blocks.put(hash, data);
      blocks.insertRefs(BlockRefTable.INSTANCE, List.of(new BlockRef(hash, Uuid.random(), false)));
      List<NodeId> current = v2.current().blockRing().nodesOf(hash.partition().index());
      for (int n = 1; n <= 5; n++) {
        boolean holds = node(n).blocks().containsKey(hash);
        assertThat(holds)
            .as("node %d holds a block of the current version", n)
            .isEqualTo(current.contains(ids.get(n - 1)));
      }
    }
    // References reached the old version's nodes as well as the new ones.
    assertThat(node(2).refs()).hasSize(20);
    assertThat(node(4).refs()).hasSize(20);
    // The block written before the change is still found on the old nodes.
    try (InputStream in = blocks.get(oldHash, old.length)) {
      assertThat(in.readAllBytes()).isEqualTo(old);
    }
  }

  @Test
  void oneCallPerNodeCarriesEveryReferenceItHolds() {
    BlockClient blocks = client(Compression.NONE);
    List<BlockRef> refs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      refs.add(new BlockRef(Blake2.sum(new byte[] {(byte) i}), Uuid.random(), false));
    }
    blocks.insertRefs(BlockRefTable.INSTANCE, refs);
    // RF 3 on 3 nodes: every node holds every partition, in one batch.
    assertThat(node(2).refs()).hasSize(50);
    assertThat(EntryBatch.decode(EntryBatch.encode(node(2).refs()))).hasSize(50);
  }
}
