package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.background.Worker;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.replication.BlockPlacement;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.NodeLayout;
import dev.remise.table.MalformedEntryException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-entropy and offload of the block_ref table between block nodes (Garage's table sync, for
 * this one table). Every pass walks the 256 partitions in a random order:
 *
 * <ul>
 *   <li>for a partition this node holds in some active version, it compares the partition's 256
 *       sub-range digests ({@link BlockRefStore#digests}) with each other holder's, and for every
 *       sub-range that differs pushes its entries to the peer and pulls the peer's. Pulling as well
 *       as pushing lets a node that was down catch up on its own first pass, instead of waiting for
 *       each peer's next one;
 *   <li>a partition this node no longer holds is offloaded: its entries go to every current holder,
 *       then are removed here, which lowers the local counts so GC hands the blocks over and
 *       deletes them.
 * </ul>
 *
 * A peer that receives entries through this path fetches the blocks it now references and lacks at
 * once ({@code syncBlockRefs}).
 */
public final class BlockRefSyncer implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(BlockRefSyncer.class);
  private static final int PARTITIONS = 256;

  private final BlockRefStore refs;
  private final BlockManager manager;
  private final BlockClient client;
  private final NodeLayout layout;
  private final ConsistencyMode mode;
  private final InstantSource clock;
  private final Duration interval;
  private final Random random;
  private final AtomicBoolean requested = new AtomicBoolean();
  private long nextPassMillis;
  private volatile String lastPass = "no pass yet";

  public BlockRefSyncer(
      BlockRefStore refs,
      BlockManager manager,
      BlockClient client,
      NodeLayout layout,
      ConsistencyMode mode,
      InstantSource clock,
      Duration interval,
      Duration firstDelay,
      Random random) {
    this.refs = refs;
    this.manager = manager;
    this.client = client;
    this.layout = layout;
    this.mode = mode;
    this.clock = clock;
    this.interval = interval;
    this.random = random;
    this.nextPassMillis = clock.millis() + firstDelay.toMillis();
  }

  @Override
  public String name() {
    return "block_ref sync";
  }

  /** Asks for a pass as soon as the worker runs next (a layout change, an operator). */
  public void requestPass() {
    requested.set(true);
  }

  @Override
  public WorkerState work() throws Exception {
    long now = clock.millis();
    if (now < nextPassMillis && !requested.getAndSet(false)) {
      return WorkerState.IDLE;
    }
    nextPassMillis = now + interval.toMillis();
    lastPass = pass().describe(now);
    return WorkerState.IDLE;
  }

  /** What a pass did. */
  record PassResult(int partitions, int subRangesSynced, int offloaded, int failures) {
    String describe(long atMillis) {
      return "last pass at %d: %d partitions compared, %d sub-ranges exchanged, %d entries offloaded, %d peer failures"
          .formatted(atMillis, partitions, subRangesSynced, offloaded, failures);
    }
  }

  /** One full pass over every partition. */
  PassResult pass() throws Exception {
    LayoutView view;
    try {
      view = layout.view(mode);
    } catch (NoStorageNodesException e) {
      return new PassResult(0, 0, 0, 0);
    }
    NodeId self = layout.self();
    List<Integer> order = new ArrayList<>(PARTITIONS);
    for (int p = 0; p < PARTITIONS; p++) {
      order.add(p);
    }
    Collections.shuffle(order, random);
    int compared = 0;
    int synced = 0;
    int offloaded = 0;
    int failures = 0;
    for (int p : order) {
      List<NodeId> holders = BlockPlacement.refStorageNodes(view, p);
      if (holders.contains(self)) {
        for (NodeId peer : holders) {
          if (peer.equals(self)) {
            continue;
          }
          try {
            synced += syncWith(peer, p);
            compared++;
          } catch (RuntimeException e) {
            failures++;
            LOG.debug("block_ref sync of partition {} with {} failed: {}", p, peer, e.toString());
          }
        }
      } else if (!holders.isEmpty() && refs.holdsPartition(p)) {
        try {
          offloaded += offload(p, holders);
        } catch (RuntimeException e) {
          failures++;
          LOG.debug("block_ref offload of partition {} failed: {}", p, e.toString());
        }
      }
    }
    return new PassResult(compared, synced, offloaded, failures);
  }

  private int syncWith(NodeId peer, int partition) throws Exception {
    byte[] theirs = client.blockRefDigests(peer, partition);
    byte[] mine = refs.digests(partition);
    if (theirs.length != mine.length) {
      throw new IllegalStateException(
          "peer " + peer + " sent " + theirs.length + " bytes of digests, expected " + mine.length);
    }
    int exchanged = 0;
    int d = Hash.LENGTH;
    for (int sub = 0; sub < BlockRefStore.SUB_RANGES; sub++) {
      if (Arrays.equals(mine, sub * d, (sub + 1) * d, theirs, sub * d, (sub + 1) * d)) {
        continue;
      }
      List<byte[]> local = refs.entries(partition, sub);
      if (!local.isEmpty()) {
        client.syncRefsOn(peer, local);
      }
      List<BlockRef> remote = new ArrayList<>();
      for (byte[] e : client.refsOf(peer, partition, sub)) {
        try {
          remote.add(BlockRefTable.INSTANCE.decode(e));
        } catch (MalformedEntryException ex) {
          throw new IllegalStateException("peer " + peer + " sent a malformed block_ref entry", ex);
        }
      }
      manager.syncRefs(remote);
      exchanged++;
    }
    return exchanged;
  }

  private int offload(int partition, List<NodeId> holders) throws Exception {
    int removed = 0;
    for (int sub = 0; sub < BlockRefStore.SUB_RANGES; sub++) {
      List<byte[]> local = refs.entries(partition, sub);
      if (local.isEmpty()) {
        continue;
      }
      // Every holder must have them before they leave: one missing would be a lost reference.
      for (NodeId h : holders) {
        client.syncRefsOn(h, local);
      }
      removed += refs.removeHandedOver(local);
    }
    return removed;
  }

  @Override
  public String status() {
    return lastPass;
  }
}
