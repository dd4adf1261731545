package dev.remise.rpc;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.datablock.Compression;
import dev.remise.datablock.DataBlock;
import dev.remise.datablock.DataBlock.BlockFormat;
import dev.remise.replication.BlockPlacement;
import dev.remise.replication.LayoutView;
import dev.remise.replication.QuorumTracker;
import dev.remise.replication.QuorumTracker.Outcome;
import dev.remise.replication.WriteSet;
import dev.remise.replication.WriteSets;
import dev.remise.table.EntryBatch;
import dev.remise.table.TableSchema;
import feign.FeignException;
import feign.Response;
import feign.RetryableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Block calls placed by the block ring of the layout (Garage's {@code rpc_put_block}, {@code
 * rpc_get_block} and the block_ref table writes).
 *
 * <p>A block goes to the partition's nodes in the <em>current</em> layout version, compressed by
 * the sender at the configured level; the call returns once the write quorum stored it, while the
 * other copies finish in the background. Their bytes stay in memory until then, so a permit of
 * {@code ramBuffer} bytes, held from the first send until the last copy answers, makes writers wait
 * when slow nodes fall behind instead of letting queued blocks fill the heap (Garage's {@code
 * block_ram_buffer_max}).
 *
 * <p>block_ref entries are a table: each reaches a quorum in every active version's set, so a node
 * joining in a new version learns which blocks it must fetch. Reads try the nodes of every version
 * that may hold the block ({@link BlockPlacement#readOrder}), self and same zone first.
 */
public final class BlockClient {
  /** Garage's default {@code block_ram_buffer_max}. */
  public static final long DEFAULT_RAM_BUFFER = 256L * 1024 * 1024;

  private final BlockRpc rpc;
  private final BlockNodes nodes;
  private final Compression compression;
  private final Executor executor;

  /** Permits of 1 KiB each, as Garage counts them, so a 2 GiB buffer still fits in an int. */
  private final Semaphore ramBuffer;

  private final int ramBufferKib;

  /** Time to the first answer of block reads, per node, for the read order's tie-break. */
  private final RoundTrips latency = new RoundTrips();

  public BlockClient(BlockRpc rpc, BlockNodes nodes, Compression compression, long ramBuffer) {
    this(
        rpc,
        nodes,
        compression,
        ramBuffer,
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("block-rpc-", 0).factory()));
  }

  public BlockClient(
      BlockRpc rpc, BlockNodes nodes, Compression compression, long ramBuffer, Executor executor) {
    if (ramBuffer < 1024 || ramBuffer / 1024 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the block RAM buffer must be between 1 KiB and 2 TiB");
    }
    this.rpc = rpc;
    this.nodes = nodes;
    this.compression = compression;
    this.executor = executor;
    this.ramBufferKib = (int) (ramBuffer / 1024);
    this.ramBuffer = new Semaphore(ramBufferKib, true);
  }

  /**
   * Stores a block of plain bytes on its nodes; returns once a write quorum of them has it.
   *
   * @throws QuorumUnavailableException when too many nodes fail to store it
   * @throws dev.remise.replication.NoStorageNodesException before a layout with block nodes exists
   */
  public void put(Hash hash, byte[] plain) {
    DataBlock block = DataBlock.fromPlain(plain, compression);
    LayoutView view = nodes.view();
    WriteSet set = BlockPlacement.blockWriteSet(view, hash);
    // A block larger than the whole buffer still passes, alone.
    int permits = Math.min(ramBufferKib, (block.storedLength() + 1023) / 1024);
    ramBuffer.acquireUninterruptibly(permits);
    AtomicInteger pending = new AtomicInteger(set.nodes().size());
    Runnable release =
        () -> {
          if (pending.decrementAndGet() == 0) {
            ramBuffer.release(permits);
          }
        };
    writeToQuorum(
        "block " + hash.hex(),
        List.of(new WriteSets(List.of(set))),
        node -> () -> putStored(node, hash, block),
        release);
  }

  /** Sends a block in its stored form to one node (resync and offload use this). */
  public void putStored(NodeId node, Hash hash, DataBlock block) {
    rpc.putBlock(require(node), hash.hex(), block.format().label(), block.bytes());
  }

  /**
   * Merges block_ref entries on their nodes: each reaches a write quorum in every active version's
   * set of its block's partition, with one call per node carrying all the entries it holds.
   */
  public <E> void insertRefs(TableSchema<E> blockRefTable, List<E> refs) {
    if (refs.isEmpty()) {
      return;
    }
    LayoutView view = nodes.view();
    // Write sets depend only on the partition: one tracker per partition touched.
    Map<Integer, WriteSets> setsByPartition = new LinkedHashMap<>();
    Map<NodeId, List<byte[]>> batches = new LinkedHashMap<>();
    for (E ref : refs) {
      Hash block = blockRefTable.partitionHash(ref);
      WriteSets sets =
          setsByPartition.computeIfAbsent(
              block.partition().index(), p -> BlockPlacement.refWriteSets(view, block));
      byte[] encoded = blockRefTable.encode(ref);
      for (NodeId n : sets.nodes()) {
        batches.computeIfAbsent(n, k -> new ArrayList<>()).add(encoded);
      }
    }
    List<WriteSets> all = new ArrayList<>(setsByPartition.values());
    writeToQuorum(
        refs.size() + " block references",
        all,
        node -> {
          byte[] body = EntryBatch.encode(batches.get(node));
          return () -> rpc.insertBlockRefs(require(node), body);
        },
        () -> {});
  }

  /**
   * Garage's NeedBlockQuery to one node: true if it references the block and lacks its data.
   *
   * @throws RpcUnavailableException if the node cannot be asked
   */
  public boolean needBlock(NodeId node, Hash hash) {
    URI address = require(node);
    try {
      return Boolean.parseBoolean(rpc.needBlock(address, hash.hex()).strip());
    } catch (RetryableException e) {
      throw new RpcUnavailableException(address, e);
    } catch (FeignException e) {
      throw failure(address, e);
    }
  }

  /** The node's 256 sub-range digests of a block_ref partition (anti-entropy). */
  public byte[] blockRefDigests(NodeId node, int partition) {
    URI address = require(node);
    try {
      return rpc.blockRefDigests(address, partition);
    } catch (RetryableException e) {
      throw new RpcUnavailableException(address, e);
    } catch (FeignException e) {
      throw failure(address, e);
    }
  }

  /** Merges encoded block_ref entries on one node (anti-entropy and offload push to one peer). */
  public void syncRefsOn(NodeId node, List<byte[]> encoded) {
    URI address = require(node);
    try {
      rpc.syncBlockRefs(address, EntryBatch.encode(encoded));
    } catch (RetryableException e) {
      throw new RpcUnavailableException(address, e);
    } catch (FeignException e) {
      throw failure(address, e);
    }
  }

  /** Table GC's second phase on one node: removes the given tombstones if stored as given. */
  public void deleteRefsIfEqualOn(NodeId node, List<byte[]> encoded) {
    URI address = require(node);
    try {
      rpc.deleteBlockRefsIfEqual(address, EntryBatch.encode(encoded));
    } catch (RetryableException e) {
      throw new RpcUnavailableException(address, e);
    } catch (FeignException e) {
      throw failure(address, e);
    }
  }

  /** The node's encoded block_ref entries of one sub-range of a partition (anti-entropy pull). */
  public List<byte[]> refsOf(NodeId node, int partition, int subRange) {
    URI address = require(node);
    try {
      return EntryBatch.decode(rpc.blockRefEntries(address, partition, subRange));
    } catch (RetryableException e) {
      throw new RpcUnavailableException(address, e);
    } catch (FeignException e) {
      throw failure(address, e);
    }
  }

  /** The nodes to read {@code hash} from, in preference order. */
  public List<NodeId> readOrder(Hash hash) {
    return BlockPlacement.readOrder(
        nodes.view().history(), hash, nodes.self(), latency::averageNanos);
  }

  /**
   * The whole block in its stored form from the first of {@code candidates} that has it (resync);
   * empty if none has it.
   *
   * @throws RpcUnavailableException if no candidate had it and some could not be asked
   */
  public Optional<DataBlock> fetchStored(Hash hash, Collection<NodeId> candidates)
      throws IOException {
    RuntimeException unreachable = null;
    for (NodeId node : candidates) {
      Optional<URI> address = nodes.address(node);
      if (address.isEmpty()) {
        continue;
      }
      try (Response r = rpc.getBlock(address.get(), hash.hex())) {
        if (r.status() == 200 && r.body() != null) {
          BlockFormat format = BlockFormat.parse(header(r, DataBlock.FORMAT_HEADER).orElse(null));
          try (InputStream in = r.body().asInputStream()) {
            return Optional.of(DataBlock.of(format, in.readAllBytes()));
          }
        }
        if (r.status() != 404) {
          unreachable =
              new RpcUnavailableException(address.get(), new IOException("HTTP " + r.status()));
        }
      } catch (RetryableException e) {
        unreachable = new RpcUnavailableException(address.get(), e);
      } catch (FeignException e) {
        unreachable = failure(address.get(), e);
      } catch (IOException e) {
        unreachable = new RpcUnavailableException(address.get(), e);
      }
    }
    if (unreachable != null) {
      throw unreachable;
    }
    return Optional.empty();
  }

  /**
   * The block's plain bytes, {@code plainLength} of them, as a stream that reads from the block's
   * nodes in read order and continues from the next one if a node fails mid-way ({@link
   * FailoverBlockStream}). Nothing is requested until the first read.
   */
  public InputStream get(Hash hash, long plainLength) {
    List<FailoverBlockStream.Replica> replicas = new ArrayList<>();
    for (NodeId node : readOrder(hash)) {
      replicas.add(
          new FailoverBlockStream.Replica() {
            @Override
            public FailoverBlockStream.Opened open() throws IOException {
              URI address =
                  nodes
                      .address(node)
                      .orElseThrow(() -> new IOException("no known address for node " + node));
              Response r;
              long started = System.nanoTime();
              try {
                r = rpc.getBlock(address, hash.hex());
              } catch (FeignException e) {
                throw new IOException(e.getMessage(), e);
              }
              // Time to the response head: the round trip, not the transfer of the block.
              latency.record(node, System.nanoTime() - started);
              if (r.status() == 200 && r.body() != null) {
                BlockFormat format =
                    BlockFormat.parse(header(r, DataBlock.FORMAT_HEADER).orElse(null));
                return new FailoverBlockStream.Opened(r.body().asInputStream(), format);
              }
              r.close();
              if (r.status() == 404) {
                throw new FailoverBlockStream.NotHeld("not on " + address);
              }
              throw new IOException("HTTP " + r.status());
            }

            @Override
            public String describe() {
              return nodes.address(node).map(URI::toString).orElse(node.toString());
            }
          });
    }
    return new FailoverBlockStream(hash, plainLength, replicas);
  }

  private static Optional<String> header(Response r, String name) {
    for (Map.Entry<String, Collection<String>> h : r.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return Optional.of(h.getValue().iterator().next());
      }
    }
    return Optional.empty();
  }

  private URI require(NodeId node) {
    return nodes
        .address(node)
        .orElseThrow(
            () ->
                new RpcUnavailableException(
                    URI.create("node:" + node.hex()),
                    new IOException("no known address for the block role of node " + node)));
  }

  /**
   * Calls every node of {@code sets} at once; returns when each set has its quorum, fails as soon
   * as one set can no longer get it. {@code whenAnswered} runs once per node after its call
   * finished, however it ended, also for calls still running after this method returned.
   */
  private void writeToQuorum(
      String what, List<WriteSets> sets, Function<NodeId, Runnable> call, Runnable whenAnswered) {
    List<QuorumTracker> trackers = sets.stream().map(QuorumTracker::new).toList();
    List<NodeId> targets = sets.stream().flatMap(s -> s.nodes().stream()).distinct().toList();
    CompletableFuture<Void> done = new CompletableFuture<>();
    for (NodeId node : targets) {
      Runnable task;
      try {
        task = call.apply(node);
      } catch (RuntimeException e) {
        whenAnswered.run();
        answer(done, trackers, node, e, what);
        continue;
      }
      executor.execute(
          () -> {
            RuntimeException error = null;
            try {
              task.run();
            } catch (RetryableException e) {
              error = new RpcUnavailableException(addressOrSelf(node), e);
            } catch (FeignException e) {
              error = failure(addressOrSelf(node), e);
            } catch (RuntimeException e) {
              error =
                  e instanceof RpcUnavailableException
                      ? e
                      : new RpcUnavailableException(addressOrSelf(node), e);
            } finally {
              whenAnswered.run();
            }
            answer(done, trackers, node, error, what);
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

  private URI addressOrSelf(NodeId node) {
    return nodes.address(node).orElse(URI.create("node:" + node.hex()));
  }

  private static void answer(
      CompletableFuture<Void> done,
      List<QuorumTracker> trackers,
      NodeId node,
      RuntimeException error,
      String what) {
    boolean failed = false;
    boolean allReached = true;
    List<Throwable> errors = new ArrayList<>();
    for (QuorumTracker t : trackers) {
      Outcome o = error == null ? t.success(node) : t.failure(node, error);
      if (o == Outcome.FAILED) {
        failed = true;
        errors = t.errors();
      }
      if (o != Outcome.REACHED) {
        allReached = false;
      }
    }
    if (failed) {
      if (errors.stream().allMatch(RpcRejectedException.class::isInstance)) {
        done.completeExceptionally(errors.getFirst());
      } else {
        done.completeExceptionally(
            new QuorumUnavailableException(
                "writing " + what + " could not reach a write quorum of block nodes", errors));
      }
    } else if (allReached) {
      done.complete(null);
    }
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
