package dev.remise.testkit;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.rpc.BlockRpc;
import dev.remise.table.EntryBatch;
import feign.Request;
import feign.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block node in memory behind the {@link BlockRpc} contract: blocks checked against their hash,
 * block_ref batches recorded as received (encoded), and a switch to make every call fail like an
 * unreachable node.
 */
public final class InMemoryBlockNode implements BlockRpc {
  private final Map<Hash, byte[]> blocks = new ConcurrentHashMap<>();
  private final List<byte[]> refs = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean down;

  public void setDown(boolean down) {
    this.down = down;
  }

  public Map<Hash, byte[]> blocks() {
    return Map.copyOf(blocks);
  }

  /** Every block_ref entry received, encoded, in arrival order. */
  public List<byte[]> refs() {
    synchronized (refs) {
      return List.copyOf(refs);
    }
  }

  @Override
  public void putBlock(URI node, String hash, byte[] data) {
    check();
    Hash h = Hash.fromHex(hash);
    if (!Blake2.sum(data).equals(h)) {
      throw new IllegalArgumentException("block does not hash to " + hash);
    }
    blocks.put(h, data.clone());
  }

  @Override
  public Response getBlock(URI node, String hash) {
    check();
    byte[] data = blocks.get(Hash.fromHex(hash));
    Response.Builder r =
        Response.builder().request(InMemoryTableNode.dummyRequest()).headers(Map.of());
    return data == null
        ? r.status(404).reason("Not Found").build()
        : r.status(200).reason("OK").body(data).build();
  }

  @Override
  public void insertBlockRefs(URI node, byte[] entryBatch) {
    check();
    refs.addAll(EntryBatch.decode(entryBatch));
  }

  private void check() {
    if (down) {
      throw new feign.RetryableException(
          -1, "node down", Request.HttpMethod.PUT, (Long) null, InMemoryTableNode.dummyRequest());
    }
  }
}
