package dev.remise.rpc;

import dev.remise.core.Hash;
import dev.remise.table.EntryBatch;
import dev.remise.table.TableSchema;
import feign.FeignException;
import feign.Response;
import feign.RetryableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Block calls over {@link BlockRpc}. Until the block ring exists (issues 3 and 5) every configured
 * block node stores every block: a put must reach all of them, a read tries them in order and takes
 * the first that has the block.
 */
public final class BlockClient {
  private final BlockRpc rpc;
  private final List<URI> nodes;

  public BlockClient(BlockRpc rpc, List<URI> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one block node is needed");
    }
    this.rpc = rpc;
    this.nodes = List.copyOf(nodes);
  }

  public void put(Hash hash, byte[] data) {
    for (URI node : nodes) {
      try {
        rpc.putBlock(node, hash.hex(), data);
      } catch (RetryableException e) {
        throw new RpcUnavailableException(node, e);
      } catch (FeignException e) {
        throw failure(node, e);
      }
    }
  }

  public <E> void insertRefs(TableSchema<E> blockRefTable, List<E> refs) {
    if (refs.isEmpty()) {
      return;
    }
    List<byte[]> encoded = new ArrayList<>(refs.size());
    for (E r : refs) {
      encoded.add(blockRefTable.encode(r));
    }
    byte[] body = EntryBatch.encode(encoded);
    for (URI node : nodes) {
      try {
        rpc.insertBlockRefs(node, body);
      } catch (RetryableException e) {
        throw new RpcUnavailableException(node, e);
      } catch (FeignException e) {
        throw failure(node, e);
      }
    }
  }

  /**
   * Opens the block's bytes as a stream from the first node that has it. The caller must close the
   * stream, which releases the connection.
   */
  public InputStream get(Hash hash) throws IOException {
    RuntimeException last = null;
    for (URI node : nodes) {
      Response r;
      try {
        r = rpc.getBlock(node, hash.hex());
      } catch (RetryableException e) {
        last = new RpcUnavailableException(node, e);
        continue;
      } catch (FeignException e) {
        last = failure(node, e);
        continue;
      }
      if (r.status() == 200 && r.body() != null) {
        return r.body().asInputStream();
      }
      r.close();
      last =
          r.status() == 404
              ? new BlockNotFoundException(hash)
              : new RpcUnavailableException(node, new IOException("HTTP " + r.status()));
    }
    throw last;
  }

  private static RuntimeException failure(URI node, FeignException e) {
    if (e.status() >= 500 || e.status() < 0) {
      return new RpcUnavailableException(node, e);
    }
    return new RpcRejectedException(node, e.status(), e.contentUTF8());
  }

  /**
   * No node holds the block: metadata points at data that is gone (or not yet written back by
   * resync).
   */
  public static final class BlockNotFoundException extends RuntimeException {
    public BlockNotFoundException(Hash hash) {
      super("no block node holds block " + hash);
    }
  }
}
