package dev.remise.metadata.table;

import static dev.remise.metadata.table.Entries.block;
import static dev.remise.metadata.table.Entries.firstBlock;
import static dev.remise.metadata.table.Entries.inline;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.smallUuid;
import static dev.remise.metadata.table.Entries.uuid;
import static dev.remise.metadata.table.Entries.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.core.background.WorkerRunner;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.TableClient;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.TableSchema;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insert queue and its worker: derived writes queued in the writing transaction, merged by key,
 * delivered to local tables or block nodes, and removed only once delivered unchanged.
 */
class InsertQueueTest {
  private static final Uuid BUCKET = smallUuid(2);
  private static final Uuid OLD = uuid(0x10);
  private static final Uuid NEW = uuid(0x20);

  @TempDir Path dir;
  private StoreFixture fixture;
  private FakeBlockNodes blockNodes;
  private InsertQueueWorker worker;

  @BeforeEach
  void open() throws IOException {
    fixture = new StoreFixture(dir);
    blockNodes = new FakeBlockNodes();
    // This node alone holds every partition (RF 1): the quorum write of a cascade comes back to
    // its own tables, through the same client a cluster uses.
    NodeId self = NodeId.fromHex("%064x".formatted(1));
    TableClient tables =
        new TableClient(
            LocalTablesRpc.of(fixture.tables),
            new StaticPlacement(
                self, TestLayouts.storage(List.of(self), 1), ConsistencyMode.CONSISTENT),
            Runnable::run);
    worker = new InsertQueueWorker(fixture.queue, fixture.tables, tables, blockNodes);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private LocalTable<S3Object> objects() {
    return fixture.table(ObjectTable.INSTANCE);
  }

  private LocalTable<Version> versions() {
    return fixture.table(VersionTable.INSTANCE);
  }

  /** Queues entries directly, as an {@code updated} hook does, in one transaction. */
  @SafeVarargs
  private <F> void queue(TableSchema<F> table, F... entries) {
    fixture.store.transact(
        tx -> {
          for (F e : entries) {
            fixture.queue.in(tx).queueInsert(table, e);
          }
          return null;
        });
  }

  /** An object "k" whose complete version OLD holds blocks 1 and 2, as PutObject leaves it. */
  private void putOldObject() {
    versions().insert(version(OLD, BUCKET, "k", block(1), block(2)));
    objects().insert(object(BUCKET, "k", firstBlock(OLD, 100, block(1))));
  }

  @Test
  void overwritingAnObjectCascadesToItsVersionAndThenItsBlockRefs() throws Exception {
    putOldObject();
    assertThat(fixture.queue.length()).isZero();

    objects().insert(object(BUCKET, "k", inline(NEW, 200)));

    // Step 1, queued by ObjectTable.updated in the overwrite's transaction: delete version OLD.
    assertThat(fixture.queue.length(VersionTable.INSTANCE.tableName())).isEqualTo(1);
    assertThat(worker.work()).isEqualTo(WorkerState.BUSY);
    Version old = versions().get(OLD.asHash(), new byte[0]).orElseThrow();
    assertThat(old.deleted()).isTrue();
    assertThat(old.blocks()).isEmpty();

    // Step 2, queued by VersionTable.updated: a deleted block_ref for each block of OLD.
    assertThat(fixture.queue.length(VersionTable.INSTANCE.tableName())).isZero();
    assertThat(fixture.queue.length(BlockRefTable.INSTANCE.tableName())).isEqualTo(2);
    assertThat(worker.work()).isEqualTo(WorkerState.BUSY);

    assertThat(blockNodes.received)
        .containsExactlyInAnyOrder(
            new BlockRef(block(1), OLD, true), new BlockRef(block(2), OLD, true));
    assertThat(blockNodes.calls).hasValue(1);
    assertThat(fixture.queue.length()).isZero();
    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);
  }

  @Test
  void cascadeRunsInTheBackgroundWhenAWriteQueuesSomething() {
    putOldObject();
    // A long idle interval: only the wake-up after commit can make the worker run in time.
    try (WorkerRunner runner = new WorkerRunner(worker, Duration.ofHours(1))) {
      fixture.queue.onQueued(runner::wake);
      runner.start();

      objects().insert(object(BUCKET, "k", inline(NEW, 200)));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(blockNodes.received).hasSize(2);
                assertThat(fixture.queue.length()).isZero();
              });
    }
  }

  @Test
  void listenersHearOnlyOfCommitsThatQueuedSomething() {
    AtomicInteger wakeups = new AtomicInteger();
    fixture.queue.onQueued(wakeups::incrementAndGet);

    putOldObject();
    assertThat(wakeups).hasValue(0);

    objects().insert(object(BUCKET, "k", inline(NEW, 200)));
    assertThat(wakeups).hasValue(1);
  }

  @Test
  void entriesQueuedUnderTheSameKeyAreMerged() throws Exception {
    queue(VersionTable.INSTANCE, version(OLD, BUCKET, "k", block(1)));
    queue(
        VersionTable.INSTANCE,
        version(OLD, BUCKET, "k")
            .withBlock(new Version.BlockKey(2, 0), new Version.Block(block(2), 10)));
    queue(BlockRefTable.INSTANCE, new BlockRef(block(1), OLD, false));
    queue(BlockRefTable.INSTANCE, new BlockRef(block(1), OLD, true));

    assertThat(fixture.queue.length(VersionTable.INSTANCE.tableName())).isEqualTo(1);
    assertThat(fixture.queue.length(BlockRefTable.INSTANCE.tableName())).isEqualTo(1);

    worker.work();

    assertThat(versions().get(OLD.asHash(), new byte[0]).orElseThrow().blocks())
        .containsOnlyKeys(new Version.BlockKey(1, 0), new Version.BlockKey(2, 0));
    assertThat(blockNodes.received).containsExactly(new BlockRef(block(1), OLD, true));
  }

  @Test
  void failedDeliveryKeepsTheEntriesForTheNextRound() throws Exception {
    queue(
        BlockRefTable.INSTANCE,
        new BlockRef(block(1), OLD, true),
        new BlockRef(block(2), OLD, true));
    blockNodes.failing = true;

    assertThatThrownBy(worker::work)
        .isInstanceOf(InsertQueueWorker.InsertQueueDeliveryException.class)
        .hasMessageContaining("block_ref");
    assertThat(fixture.queue.length(BlockRefTable.INSTANCE.tableName())).isEqualTo(2);

    blockNodes.failing = false;
    assertThat(worker.work()).isEqualTo(WorkerState.BUSY);

    assertThat(blockNodes.received).hasSize(2);
    assertThat(fixture.queue.length()).isZero();
  }

  @Test
  void entryChangedDuringDeliveryStaysQueued() throws Exception {
    queue(BlockRefTable.INSTANCE, new BlockRef(block(1), OLD, false));
    // While the block nodes are being called, a newer state of the same entry gets queued.
    blockNodes.during = () -> queue(BlockRefTable.INSTANCE, new BlockRef(block(1), OLD, true));

    worker.work();

    assertThat(fixture.queue.length(BlockRefTable.INSTANCE.tableName())).isEqualTo(1);
    blockNodes.during = () -> {};
    worker.work();
    assertThat(blockNodes.received)
        .containsExactly(new BlockRef(block(1), OLD, false), new BlockRef(block(1), OLD, true));
    assertThat(fixture.queue.length()).isZero();
  }

  @Test
  void tableWithoutRouteKeepsItsEntriesWithoutHoldingUpOthers() {
    queue(Orphan.INSTANCE, "lost");
    queue(BlockRefTable.INSTANCE, new BlockRef(block(1), OLD, true));

    assertThatThrownBy(worker::work).hasMessageContaining("no route for writes to table orphan");

    assertThat(blockNodes.received).hasSize(1);
    assertThat(fixture.queue.length(Orphan.INSTANCE.tableName())).isEqualTo(1);
    assertThat(fixture.queue.length(BlockRefTable.INSTANCE.tableName())).isZero();
  }

  @Test
  void queueLengthsAreRecountedWhenTheStoreReopens() throws IOException {
    queue(
        BlockRefTable.INSTANCE,
        new BlockRef(block(1), OLD, true),
        new BlockRef(block(2), OLD, true));
    fixture.close();

    fixture = new StoreFixture(dir);

    assertThat(fixture.queue.length(BlockRefTable.INSTANCE.tableName())).isEqualTo(2);
    assertThat(fixture.queue.length()).isEqualTo(2);
  }

  @Test
  void batchesAreBoundedPerTarget() {
    for (int i = 0; i < InsertQueueWorker.BATCH_SIZE + 5; i++) {
      byte[] hash = new byte[Hash.LENGTH];
      hash[0] = (byte) (i >> 8);
      hash[1] = (byte) i;
      queue(BlockRefTable.INSTANCE, new BlockRef(new Hash(hash), OLD, true));
    }

    assertThat(fixture.queue.peek("block_ref", InsertQueueWorker.BATCH_SIZE))
        .hasSize(InsertQueueWorker.BATCH_SIZE);
    assertThat(fixture.queue.targets()).containsExactly("block_ref");
  }

  /** Stands in for the block nodes: records what they were sent, or fails on demand. */
  static final class FakeBlockNodes implements BlockRefSink {
    final List<BlockRef> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;
    volatile Runnable during = () -> {};

    @Override
    public void insertBlockRefs(List<byte[]> encodedEntries) {
      during.run();
      if (failing) {
        throw new IllegalStateException("block node unreachable");
      }
      calls.incrementAndGet();
      encodedEntries.forEach(e -> received.add(BlockRefTable.INSTANCE.decode(e)));
    }
  }

  /** A table that no node of this test serves and the worker has no route to. */
  enum Orphan implements TableSchema<String> {
    INSTANCE;

    @Override
    public String tableName() {
      return "orphan";
    }

    @Override
    public String versionMarker() {
      return "T1orp";
    }

    @Override
    public Hash partitionHash(String entry) {
      return new Hash(new byte[Hash.LENGTH]);
    }

    @Override
    public byte[] sortKey(String entry) {
      return entry.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String merge(String a, String b) {
      return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void write(String entry, EntryWriter w) {
      w.string(entry);
    }

    @Override
    public String read(EntryReader r) {
      return r.string();
    }
  }
}
