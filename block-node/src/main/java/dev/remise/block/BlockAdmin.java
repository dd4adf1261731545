package dev.remise.block;

import dev.remise.block.ResyncQueue.ErrorRecord;
import dev.remise.core.Hash;
import dev.remise.core.background.WorkerRunner;
import dev.remise.model.s3.BlockRef;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block node's side of Garage's admin API v2 node operations: block errors and information,
 * resync retries, repairs, workers and their variables. layout-admin fans the operator's request
 * out to the nodes it names and gathers their answers; the answer shapes here are Garage's {@code
 * Local*Response} ones, so layout-admin passes them on untouched.
 */
public final class BlockAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(BlockAdmin.class);

  private final BlockStore store;
  private final BlockRefStore refs;
  private final ResyncQueue queue;
  private final BlockManager manager;
  private final ResyncTunables resync;
  private final ScrubWorker scrub;
  private final Runnable wakeScrub;
  private final Runnable requestRefSync;
  private final List<WorkerRunner> workers;
  private final InstantSource clock;

  public BlockAdmin(
      BlockStore store,
      BlockRefStore refs,
      ResyncQueue queue,
      BlockManager manager,
      ResyncTunables resync,
      ScrubWorker scrub,
      Runnable wakeScrub,
      Runnable requestRefSync,
      List<WorkerRunner> workers,
      InstantSource clock) {
    this.store = store;
    this.refs = refs;
    this.queue = queue;
    this.manager = manager;
    this.resync = resync;
    this.scrub = scrub;
    this.wakeScrub = wakeScrub;
    this.requestRefSync = requestRefSync;
    this.workers = List.copyOf(workers);
    this.clock = clock;
  }

  /** One entry of ListBlockErrors. */
  public record BlockError(
      String blockHash, long refcount, long errorCount, long lastTrySecsAgo, long nextTryInSecs) {}

  /** GetBlockInfo: the block's count and the versions referencing it here. */
  public record BlockInfo(String blockHash, long refcount, List<BlockVersion> versions) {}

  /** A version referencing the block, and whether that reference was deleted. */
  public record BlockVersion(String versionId, boolean refDeleted) {}

  /** One entry of ListWorkers (Garage's {@code WorkerInfoResp}, the fields Remise fills). */
  public record WorkerInfo(
      long id,
      String name,
      String state,
      long errors,
      long consecutiveErrors,
      LastError lastError,
      Integer tranquility,
      Long queueLength,
      List<String> freeform) {}

  public record LastError(String message, long secsAgo) {}

  public List<BlockError> blockErrors() throws RocksDBException {
    long now = clock.millis();
    List<BlockError> out = new ArrayList<>();
    for (ErrorRecord e : queue.errors(100_000)) {
      out.add(
          new BlockError(
              e.hash().hex(),
              refs.rc(e.hash()).count(),
              e.failures(),
              Math.max(0, (now - e.lastTryMillis()) / 1000),
              Math.max(0, (e.nextTry() - now) / 1000)));
    }
    return out;
  }

  public BlockInfo blockInfo(Hash hash) throws RocksDBException {
    List<BlockVersion> versions = new ArrayList<>();
    for (BlockRef r : refs.refsOf(hash)) {
      versions.add(new BlockVersion(r.version().hex(), r.deleted()));
    }
    return new BlockInfo(hash.hex(), refs.rc(hash).count(), versions);
  }

  /** RetryBlockResync: every block in error, or the given ones, due now. */
  public long retryResync(boolean all, List<Hash> hashes) throws RocksDBException {
    List<Hash> targets =
        all ? queue.errors(Integer.MAX_VALUE).stream().map(ErrorRecord::hash).toList() : hashes;
    long n = queue.retryNow(targets, clock.millis());
    for (Hash h : targets) {
      manager.resyncNow(h);
    }
    return n;
  }

  /** The repairs of LaunchRepairOperation a block node runs. */
  public enum Repair {
    BLOCKS("blocks"),
    BLOCK_REFS("blockRefs"),
    BLOCK_RC("blockRc"),
    REBALANCE("rebalance"),
    CLEAR_RESYNC_QUEUE("clearResyncQueue");

    private final String wireName;

    Repair(String wireName) {
      this.wireName = wireName;
    }

    public static Optional<Repair> parse(String name) {
      for (Repair r : values()) {
        if (r.wireName.equals(name)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Starts a repair in the background and returns at once, as Garage does: its progress shows in
   * the logs and in ListWorkers.
   */
  public void launch(Repair repair) throws RocksDBException {
    switch (repair) {
      case BLOCK_REFS -> requestRefSync.run();
      case CLEAR_RESYNC_QUEUE -> LOG.info("resync queue cleared: {} entries", queue.clear());
      case BLOCKS -> background("repair blocks", this::repairBlocks);
      case BLOCK_RC -> background("repair blockRc", this::repairRc);
      case REBALANCE ->
          background("rebalance", () -> LOG.info("rebalance moved {} blocks", store.rebalance()));
    }
  }

  /** LaunchRepairOperation {@code {"scrub": "start|pause|resume|cancel"}}. */
  public void scrub(ScrubWorker.Command command) {
    scrub.command(command);
    wakeScrub.run();
  }

  /**
   * Garage's {@code repair blocks}: every block this node counts and every block on its disks is
   * queued for resync, which fetches what is missing and hands unneeded blocks to GC.
   */
  private void repairBlocks() throws Exception {
    long queued = 0;
    for (Hash h : refs.countedBlocks()) {
      manager.resyncNow(h);
      queued++;
    }
    try (var onDisk = store.hashes()) {
      for (Hash h : (Iterable<Hash>) onDisk::iterator) {
        manager.resyncNow(h);
        queued++;
      }
    }
    LOG.info("repair blocks: {} blocks queued for resync", queued);
  }

  /** Garage's {@code repair block-rc}: every count set from the live block_ref entries. */
  private void repairRc() throws Exception {
    long fixed = 0;
    List<Hash> blocks = new ArrayList<>(refs.countedBlocks());
    blocks.addAll(refs.referencedBlocks());
    for (Hash h : blocks.stream().distinct().toList()) {
      if (refs.recount(h)) {
        fixed++;
      }
    }
    LOG.info("repair blockRc: {} counts fixed", fixed);
  }

  private interface Task {
    void run() throws Exception;
  }

  private static void background(String name, Task task) {
    Thread.ofVirtual()
        .name(name)
        .start(
            () -> {
              try {
                task.run();
              } catch (Exception e) {
                LOG.warn("{} failed: {}", name, e.toString());
              }
            });
  }

  public List<WorkerInfo> workers(boolean busyOnly, boolean errorOnly) {
    List<WorkerInfo> out = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      WorkerRunner r = workers.get(i);
      String state = r.lastState().name().toLowerCase(java.util.Locale.ROOT);
      if ((busyOnly && !state.equals("busy")) || (errorOnly && r.errors() == 0)) {
        continue;
      }
      String name = r.worker().name();
      Integer tranquility =
          name.startsWith("block resync")
              ? Integer.valueOf(resync.tranquility())
              : name.equals("block scrub") ? Integer.valueOf(scrub.tranquility()) : null;
      Long queueLength = name.startsWith("block resync") ? queue.estimatedLength() : null;
      out.add(
          new WorkerInfo(
              i + 1,
              name,
              state,
              r.errors(),
              r.consecutiveErrors(),
              r.errors() == 0 ? null : new LastError(r.lastError(), r.secondsSinceLastError()),
              tranquility,
              queueLength,
              List.of(r.worker().status())));
    }
    return out;
  }

  /** The worker variables a block node has, Garage's names. */
  public Map<String, String> variables() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("resync-worker-count", Integer.toString(resync.workerCount()));
    out.put("resync-tranquility", Integer.toString(resync.tranquility()));
    out.put("scrub-tranquility", Integer.toString(scrub.tranquility()));
    ScrubWorker.State s = scrub.state();
    out.put("scrub-last-completed", Long.toString(s.lastCompleted()));
    out.put("scrub-next-run", Long.toString(s.nextRun()));
    out.put("scrub-corruptions_detected", Long.toString(s.corruptions()));
    return out;
  }

  /**
   * Sets a writable variable.
   *
   * @throws IllegalArgumentException for an unknown or read-only variable, or a bad value
   */
  public void setVariable(String name, String value) {
    int v;
    try {
      v = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a whole number, got '" + value + "'");
    }
    switch (name) {
      case "resync-worker-count" -> resync.setWorkerCount(v);
      case "resync-tranquility" -> resync.setTranquility(v);
      case "scrub-tranquility" -> scrub.setTranquility(v);
      default ->
          throw new IllegalArgumentException(
              variables().containsKey(name)
                  ? name + " is read-only"
                  : "unknown worker variable " + name + " (known: " + variables().keySet() + ")");
    }
  }
}
