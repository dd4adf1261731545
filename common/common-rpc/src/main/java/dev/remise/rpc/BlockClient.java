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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Block calls over {@link BlockRpc}. Until the block ring places blocks (issue 5) every configured
 * block node stores every block. A put and a reference insert go to every node at once and succeed
 * once a majority of them did, as the table writes do, so one node down of three fails nothing; the
 * calls to the others finish in the background. A node that was down lacks what was written
 * meanwhile until resync (issue 5) brings it; reads try the nodes in order and take the first that
 * has the block, so they find it on the others.
 */
public final class BlockClient {
  private final BlockRpc rpc;
  private final List<URI> nodes;
  private final Executor executor;

  public BlockClient(BlockRpc rpc, List<URI> nodes) {
    this(
        rpc,
        nodes,
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("block-rpc-", 0).factory()));
  }

  public BlockClient(BlockRpc rpc, List<URI> nodes, Executor executor) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one block node is needed");
    }
    this.rpc = rpc;
    this.nodes = List.copyOf(nodes);
    this.executor = executor;
  }

  /** Successes a write needs: a majority of the block nodes. */
  int writeQuorum() {
    return nodes.size() / 2 + 1;
  }

  public void put(Hash hash, byte[] data) {
    writeToQuorum("block " + hash.hex(), node -> rpc.putBlock(node, hash.hex(), data));
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
    writeToQuorum(refs.size() + " block references", node -> rpc.insertBlockRefs(node, body));
  }

  /**
   * Calls every node at once; returns when a majority succeeded, fails as soon as a majority can no
   * longer succeed.
   */
  private void writeToQuorum(String what, Consumer<URI> call) {
    int quorum = writeQuorum();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger successes = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    for (URI node : nodes) {
      executor.execute(
          () -> {
            try {
              call.accept(node);
            } catch (RetryableException e) {
              record(done, failures, errors, new RpcUnavailableException(node, e), quorum, what);
              return;
            } catch (FeignException e) {
              record(done, failures, errors, failure(node, e), quorum, what);
              return;
            } catch (RuntimeException e) {
              record(done, failures, errors, new RpcUnavailableException(node, e), quorum, what);
              return;
            }
            if (successes.incrementAndGet() >= quorum) {
              done.complete(null);
            }
          });
    }
    try {
      done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void record(
      CompletableFuture<Void> done,
      AtomicInteger failures,
      List<Throwable> errors,
      RuntimeException error,
      int quorum,
      String what) {
    errors.add(error);
    if (nodes.size() - failures.incrementAndGet() < quorum) {
      if (errors.stream().allMatch(RpcRejectedException.class::isInstance)) {
        done.completeExceptionally(error);
      } else {
        done.completeExceptionally(
            new QuorumUnavailableException(
                "writing "
                    + what
                    + " could not reach %d of %d block nodes".formatted(quorum, nodes.size()),
                List.copyOf(errors)));
      }
    }
  }

  /**
   * The block's plain bytes, {@code plainLength} of them, as a stream: the single entry point the
   * object read path uses (replica failover and decompression live behind it).
   */
  public InputStream get(Hash hash, long plainLength) throws IOException {
    return get(hash);
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
