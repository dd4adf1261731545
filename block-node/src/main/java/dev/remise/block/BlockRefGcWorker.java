package dev.remise.block;

import dev.remise.block.BlockRefStore.Tombstone;
import dev.remise.core.NodeId;
import dev.remise.core.background.Worker;
import dev.remise.replication.BlockPlacement;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.NodeLayout;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table GC of block_ref tombstones (Garage's {@code gc.rs}, for this table): a reference that has
 * been a tombstone for {@code delay} (24 h) is removed in two phases, first sent to every node that
 * holds its partition in an active layout version, so that each has the tombstone, then removed
 * there and here wherever it is still stored exactly so. Should one holder not answer, the
 * tombstone stays until the next try: removing it while some node still held the live reference
 * would let anti-entropy bring that reference back and keep its block forever.
 */
public final class BlockRefGcWorker implements Worker {
  private static final Logger LOG = LoggerFactory.getLogger(BlockRefGcWorker.class);
  private static final int BATCH = 1024;

  private final BlockRefStore refs;
  private final BlockClient client;
  private final NodeLayout layout;
  private final ConsistencyMode mode;
  private final InstantSource clock;
  private final long delayMillis;
  private final AtomicLong collected = new AtomicLong();
  private volatile String lastFailure = "";

  public BlockRefGcWorker(
      BlockRefStore refs,
      BlockClient client,
      NodeLayout layout,
      ConsistencyMode mode,
      InstantSource clock,
      Duration delay) {
    this.refs = refs;
    this.client = client;
    this.layout = layout;
    this.mode = mode;
    this.clock = clock;
    this.delayMillis = delay.toMillis();
  }

  @Override
  public String name() {
    return "block_ref GC";
  }

  @Override
  public WorkerState work() throws Exception {
    LayoutView view;
    try {
      view = layout.view(mode);
    } catch (NoStorageNodesException e) {
      return WorkerState.IDLE;
    }
    List<Tombstone> due = refs.tombstonesDue(clock.millis() - delayMillis, BATCH);
    Map<Integer, List<Tombstone>> byPartition = new LinkedHashMap<>();
    for (Tombstone t : due) {
      byPartition.computeIfAbsent(t.partition(), p -> new ArrayList<>()).add(t);
    }
    NodeId self = layout.self();
    boolean progress = false;
    for (Map.Entry<Integer, List<Tombstone>> e : byPartition.entrySet()) {
      List<NodeId> others =
          BlockPlacement.refStorageNodes(view, e.getKey()).stream()
              .filter(n -> !n.equals(self))
              .toList();
      List<byte[]> encoded = e.getValue().stream().map(Tombstone::encoded).toList();
      try {
        for (NodeId n : others) {
          client.syncRefsOn(n, encoded);
        }
        for (NodeId n : others) {
          client.deleteRefsIfEqualOn(n, encoded);
        }
      } catch (RuntimeException failure) {
        lastFailure = "partition " + e.getKey() + ": " + failure;
        LOG.debug("block_ref GC of partition {} postponed: {}", e.getKey(), failure.toString());
        continue;
      }
      collected.addAndGet(refs.removeHandedOver(encoded));
      for (Tombstone t : e.getValue()) {
        refs.dropGcTodo(t.todoKey());
      }
      progress = true;
    }
    return progress && due.size() == BATCH ? WorkerState.BUSY : WorkerState.IDLE;
  }

  @Override
  public String status() {
    return collected.get()
        + " tombstones collected"
        + (lastFailure.isEmpty() ? "" : "; last postponed: " + lastFailure);
  }
}
