package dev.remise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.QuorumUnavailableException;
import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Block writes need a majority of the block nodes; reads take the first node holding the block. */
class BlockClientTest {
  private final Map<URI, InMemoryBlockNode> nodes =
      Map.of(
          URI.create("http://b1"), new InMemoryBlockNode(),
          URI.create("http://b2"), new InMemoryBlockNode(),
          URI.create("http://b3"), new InMemoryBlockNode());
  private final BlockRpc network =
      new BlockRpc() {
        @Override
        public void putBlock(URI node, String hash, byte[] data) {
          nodes.get(node).putBlock(node, hash, data);
        }

        @Override
        public Response getBlock(URI node, String hash) {
          return nodes.get(node).getBlock(node, hash);
        }

        @Override
        public void insertBlockRefs(URI node, byte[] entryBatch) {
          nodes.get(node).insertBlockRefs(node, entryBatch);
        }
      };
  private final BlockClient blocks =
      new BlockClient(
          network,
          List.of(URI.create("http://b1"), URI.create("http://b2"), URI.create("http://b3")),
          Runnable::run);

  private InMemoryBlockNode node(int i) {
    return nodes.get(URI.create("http://b" + i));
  }

  @Test
  void withOneNodeDownOfThreeBlocksAndReferencesAreStillWrittenAndRead() throws IOException {
    byte[] data = "some block".getBytes();
    Hash hash = Blake2.sum(data);
    node(1).setDown(true);

    blocks.put(hash, data);
    blocks.insertRefs(
        BlockRefTable.INSTANCE, List.of(new BlockRef(hash, dev.remise.core.Uuid.random(), false)));

    assertThat(node(1).blocks()).isEmpty();
    assertThat(node(2).blocks()).containsKey(hash);
    assertThat(node(3).refs()).hasSize(1);
    node(1).setDown(false);
    // Node 1 answers first but lacks the block: the read moves on to a node that has it.
    try (InputStream in = blocks.get(hash)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void withTwoNodesDownOfThreeAWriteFailsWithQuorumUnavailable() {
    byte[] data = "another block".getBytes();
    node(1).setDown(true);
    node(3).setDown(true);

    assertThatThrownBy(() -> blocks.put(Blake2.sum(data), data))
        .isInstanceOf(QuorumUnavailableException.class)
        .hasMessageContaining("could not reach 2 of 3 block nodes");
  }
}
