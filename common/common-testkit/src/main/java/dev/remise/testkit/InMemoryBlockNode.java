package dev.remise.testkit;

import dev.remise.core.Hash;
import dev.remise.datablock.CorruptBlockDataException;
import dev.remise.datablock.DataBlock;
import dev.remise.datablock.DataBlock.BlockFormat;
import dev.remise.rpc.BlockRpc;
import dev.remise.table.EntryBatch;
import feign.Request;
import feign.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block node in memory behind the {@link BlockRpc} contract: blocks checked against their hash
 * and kept in the form they were sent in, block_ref batches recorded as received (encoded), and a
 * switch to make every call fail like an unreachable node. It keeps no reference counts, so it
 * never needs a block and has no digests to compare.
 */
public final class InMemoryBlockNode implements BlockRpc {
  private final Map<Hash, DataBlock> blocks = new ConcurrentHashMap<>();
  private final List<byte[]> refs = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean down;

  public void setDown(boolean down) {
    this.down = down;
  }

  /** The blocks held, in their stored form. */
  public Map<Hash, DataBlock> blocks() {
    return Map.copyOf(blocks);
  }

  /** Every block_ref entry received, encoded, in arrival order. */
  public List<byte[]> refs() {
    synchronized (refs) {
      return List.copyOf(refs);
    }
  }

  @Override
  public void putBlock(URI node, String hash, String format, byte[] data) {
    check();
    Hash h = Hash.fromHex(hash);
    DataBlock block = DataBlock.of(BlockFormat.parse(format), data.clone());
    try {
      block.verify(h);
    } catch (CorruptBlockDataException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    blocks.put(h, block);
  }

  @Override
  public Response getBlock(URI node, String hash) {
    check();
    DataBlock block = blocks.get(Hash.fromHex(hash));
    Response.Builder r = Response.builder().request(InMemoryTableNode.dummyRequest());
    if (block == null) {
      return r.status(404).reason("Not Found").headers(Map.of()).build();
    }
    Map<String, Collection<String>> headers = new HashMap<>();
    headers.put(DataBlock.FORMAT_HEADER, List.of(block.format().label()));
    return r.status(200).reason("OK").headers(headers).body(block.bytes()).build();
  }

  @Override
  public String needBlock(URI node, String hash) {
    check();
    return "false";
  }

  @Override
  public void insertBlockRefs(URI node, byte[] entryBatch) {
    check();
    refs.addAll(EntryBatch.decode(entryBatch));
  }

  @Override
  public void syncBlockRefs(URI node, byte[] entryBatch) {
    insertBlockRefs(node, entryBatch);
  }

  @Override
  public void deleteBlockRefsIfEqual(URI node, byte[] entryBatch) {
    check();
    throw new UnsupportedOperationException("an in-memory block node keeps no block_ref table");
  }

  @Override
  public byte[] blockRefEntries(URI node, int partition, int subRange) {
    check();
    throw new UnsupportedOperationException("an in-memory block node keeps no block_ref table");
  }

  @Override
  public byte[] blockRefDigests(URI node, int partition) {
    check();
    throw new UnsupportedOperationException("an in-memory block node keeps no block_ref table");
  }

  private void check() {
    if (down) {
      throw new feign.RetryableException(
          -1, "node down", Request.HttpMethod.PUT, (Long) null, InMemoryTableNode.dummyRequest());
    }
  }
}
