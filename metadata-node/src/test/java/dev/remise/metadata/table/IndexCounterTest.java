package dev.remise.metadata.table;

import static dev.remise.metadata.table.Entries.deleteMarker;
import static dev.remise.metadata.table.Entries.inline;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.smallUuid;
import static dev.remise.metadata.table.Entries.uploading;
import static dev.remise.metadata.table.Entries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.model.counter.CounterEntry;
import dev.remise.model.counter.CounterTable;
import dev.remise.model.counter.MultipartUploadCounter;
import dev.remise.model.counter.ObjectCounter;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.VersionTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.TableClient;
import dev.remise.table.CounterValues;
import dev.remise.table.TableSchema;
import dev.remise.testkit.MutableClock;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index counters on a RocksDB node: every change of an object or upload entry moves this node's
 * local totals in its own transaction and queues them, stamped past the previous ones, to the
 * counter table; a change that moves no count, or that changes nothing, counts nothing.
 */
class IndexCounterTest {
  private static final NodeId SELF = NodeId.fromHex("%064x".formatted(1));
  private static final Uuid BUCKET = smallUuid(2);
  private static final Uuid OTHER_BUCKET = smallUuid(3);
  private static final long NOW = 1_700_000_000_000L;
  private static final List<TableSchema<?>> SCHEMAS =
      List.of(
          ObjectTable.INSTANCE,
          VersionTable.INSTANCE,
          MultipartUploadTable.INSTANCE,
          CounterTable.BUCKET_OBJECT_COUNTER,
          CounterTable.BUCKET_MPU_COUNTER);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(NOW);
  private MetadataStore store;
  private PersistentInsertQueue queue;
  private LocalCounters counters;
  private Tables tables;

  @BeforeEach
  void open() throws IOException {
    store = MetadataStore.open(dir, false, Tables.columnFamilies(SCHEMAS));
    queue = new PersistentInsertQueue(store);
    counters = new LocalCounters(store, SELF, clock);
    tables = new Tables(store, queue, counters, SCHEMAS, Tables::declaredReplication, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private LocalTable<S3Object> objects() {
    return tables.get(ObjectTable.INSTANCE);
  }

  private static ObjectVersion sized(Uuid version, long timestamp, long size) {
    return new ObjectVersion(
        version,
        timestamp,
        new ObjectVersion.State.Complete(
            new ObjectVersion.Data.FirstBlock(
                new ObjectVersion.Meta(size, "etag", ObjectVersion.Headers.none()),
                uuid(0xb1).asHash())));
  }

  private CounterValues localTotals(Uuid bucket) {
    return counters
        .get(CounterTable.BUCKET_OBJECT_COUNTER, bucket.bytes())
        .orElseThrow(() -> new AssertionError("no local totals for bucket " + bucket));
  }

  private static Map<String, Long> counts(long objects, long bytes, long unfinished) {
    return Map.of(
        ObjectCounter.OBJECTS,
        objects,
        ObjectCounter.BYTES,
        bytes,
        ObjectCounter.UNFINISHED_UPLOADS,
        unfinished);
  }

  /** The counter entries waiting in the insert queue for {@code table}, decoded. */
  private List<CounterEntry> queued(CounterTable table) {
    return queue.peek(table.tableName(), 100).stream().map(e -> table.decode(e.value())).toList();
  }

  private CounterValues queuedTotals(Uuid bucket) {
    return queued(CounterTable.BUCKET_OBJECT_COUNTER).stream()
        .filter(e -> e.partition().equals(bucket))
        .findFirst()
        .orElseThrow()
        .nodes()
        .get(SELF);
  }

  @Test
  void aNewObjectCountsOneObjectAndItsBytesAndQueuesThisNodesTotals() {
    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));

    CounterValues totals = localTotals(BUCKET);
    assertThat(totals.values()).containsExactlyInAnyOrderEntriesOf(counts(1, 300, 0));
    assertThat(totals.timestamp()).isEqualTo(NOW);

    List<CounterEntry> queued = queued(CounterTable.BUCKET_OBJECT_COUNTER);
    assertThat(queued).hasSize(1);
    CounterEntry entry = queued.getFirst();
    assertThat(entry.partition()).isEqualTo(BUCKET);
    assertThat(entry.sortKey()).isEmpty();
    assertThat(entry.nodes()).containsOnlyKeys(SELF);
    assertThat(entry.nodes().get(SELF)).isEqualTo(totals);
  }

  @Test
  void objectsOfABucketAddUpAndBucketsAreCountedApart() {
    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));
    objects().insert(object(BUCKET, "b", sized(uuid(0x11), 100, 20)));
    objects().insert(object(OTHER_BUCKET, "a", sized(uuid(0x12), 100, 5)));

    assertThat(localTotals(BUCKET).values()).containsExactlyInAnyOrderEntriesOf(counts(2, 320, 0));
    assertThat(localTotals(OTHER_BUCKET).values())
        .containsExactlyInAnyOrderEntriesOf(counts(1, 5, 0));
    // Both changes of the first bucket's counter merged into one queued entry, the newer totals.
    assertThat(queued(CounterTable.BUCKET_OBJECT_COUNTER)).hasSize(2);
    assertThat(queuedTotals(BUCKET)).isEqualTo(localTotals(BUCKET));
  }

  @Test
  void overwritingAnObjectReplacesItsBytesAndStampsPastThePreviousTotals() {
    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));
    long first = localTotals(BUCKET).timestamp();

    // The clock stands still: the stamp still moves forward, by one.
    objects().insert(object(BUCKET, "a", sized(uuid(0x20), 200, 50)));

    CounterValues totals = localTotals(BUCKET);
    assertThat(totals.values()).containsExactlyInAnyOrderEntriesOf(counts(1, 50, 0));
    assertThat(totals.timestamp()).isEqualTo(first + 1);
    assertThat(queuedTotals(BUCKET)).isEqualTo(totals);

    clock.advance(Duration.ofSeconds(5));
    objects().insert(object(BUCKET, "a", sized(uuid(0x30), 300, 60)));
    assertThat(localTotals(BUCKET).timestamp()).isEqualTo(NOW + 5_000);
  }

  @Test
  void aDeleteMarkerTakesTheObjectBack() {
    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));
    objects().insert(object(BUCKET, "b", sized(uuid(0x11), 100, 20)));

    objects().insert(object(BUCKET, "a", deleteMarker(uuid(0x20), 200)));

    assertThat(localTotals(BUCKET).values()).containsExactlyInAnyOrderEntriesOf(counts(1, 20, 0));
  }

  @Test
  void uploadsInProgressCountAsUnfinishedUntilTheyComplete() {
    objects().insert(object(BUCKET, "a", uploading(uuid(0x10), 100)));
    assertThat(localTotals(BUCKET).values()).containsExactlyInAnyOrderEntriesOf(counts(0, 0, 1));

    objects().insert(object(BUCKET, "a", inline(uuid(0x10), 100)));

    // Entries.inline has 3 bytes.
    assertThat(localTotals(BUCKET).values()).containsExactlyInAnyOrderEntriesOf(counts(1, 3, 0));
  }

  @Test
  void aRedeliveredUpdateCountsNothing() {
    S3Object put = object(BUCKET, "a", sized(uuid(0x10), 100, 300));
    assertThat(objects().insert(put)).isTrue();
    CounterValues totals = localTotals(BUCKET);
    byte[] queued =
        queue.peek(CounterTable.BUCKET_OBJECT_COUNTER.tableName(), 10).getFirst().value();
    long sequence = store.latestSequenceNumber();

    // A retry, read repair or sync delivers the same state again, then an older one the stored
    // entry absorbs (an upload older than the complete version is trimmed by the merge).
    clock.advance(Duration.ofSeconds(1));
    assertThat(objects().insert(put)).isFalse();
    assertThat(objects().insert(object(BUCKET, "a", uploading(uuid(0x09), 10)))).isFalse();

    // The hook runs only when the stored entry changed: same totals, same stamp, same queue, and
    // not a byte written.
    assertThat(localTotals(BUCKET)).isEqualTo(totals);
    assertThat(queue.peek(CounterTable.BUCKET_OBJECT_COUNTER.tableName(), 10))
        .singleElement()
        .satisfies(e -> assertThat(e.value()).isEqualTo(queued));
    assertThat(store.latestSequenceNumber()).isEqualTo(sequence);
  }

  @Test
  void aChangeThatMovesNoCountQueuesNoCounter() {
    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));
    CounterValues totals = localTotals(BUCKET);
    List<QueuedEntry> queuedBefore = queue.peek(CounterTable.BUCKET_OBJECT_COUNTER.tableName(), 10);

    // An aborted upload newer than the object: a new version, but nothing it counts.
    objects()
        .insert(
            object(
                BUCKET,
                "a",
                new ObjectVersion(uuid(0x20), 200, new ObjectVersion.State.Aborted())));

    assertThat(objects().get(BUCKET.asHash(), "a".getBytes()).orElseThrow().versions()).hasSize(2);
    assertThat(localTotals(BUCKET)).isEqualTo(totals);
    assertThat(queue.peek(CounterTable.BUCKET_OBJECT_COUNTER.tableName(), 10))
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(queuedBefore);
  }

  @Test
  void anObjectEntryLeavingTheNodeTakesItsCountsBack() {
    S3Object put = object(BUCKET, "a", sized(uuid(0x10), 100, 300));
    objects().insert(put);
    objects().insert(object(BUCKET, "b", sized(uuid(0x11), 100, 20)));
    byte[] key = ObjectTable.INSTANCE.storageKey(put);
    Hash stored = Blake2.sum(objects().getEncodedByKey(key));

    // Offload or table GC removes the entry from this node only: its objects are no longer here.
    assertThat(objects().deleteIfEqualHash(key, stored)).isTrue();

    assertThat(localTotals(BUCKET).values()).containsExactlyInAnyOrderEntriesOf(counts(1, 20, 0));
    assertThat(queuedTotals(BUCKET)).isEqualTo(localTotals(BUCKET));
  }

  @Test
  void totalsSurviveARestartAndStampsKeepIncreasingEvenIfTheClockGoesBack() throws IOException {
    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));
    long stamp = localTotals(BUCKET).timestamp();
    store.close();

    clock.set(clock.instant().minus(Duration.ofHours(1)));
    open();
    objects().insert(object(BUCKET, "b", sized(uuid(0x11), 100, 20)));

    assertThat(localTotals(BUCKET).values()).containsExactlyInAnyOrderEntriesOf(counts(2, 320, 0));
    assertThat(localTotals(BUCKET).timestamp()).isEqualTo(stamp + 1);
  }

  @Test
  void concurrentWritesToOneBucketLoseNoIncrement() throws Exception {
    // Every insert reads and writes the bucket's totals: optimistic transactions conflict and are
    // re-run on the winner's totals.
    int threads = 8;
    int perThread = 25;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    objects().insert(object(BUCKET, thread + "/" + i, sized(uuid(0x10), 100, 2)));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }

    long n = (long) threads * perThread;
    assertThat(localTotals(BUCKET).values())
        .containsExactlyInAnyOrderEntriesOf(counts(n, 2 * n, 0));
  }

  @Test
  void uploadsAreCountedPerBucketAndPartitionOfTheirIds() {
    LocalTable<MultipartUpload> uploads = tables.get(MultipartUploadTable.INSTANCE);
    MultipartUpload upload =
        MultipartUpload.create(uuid(0x6d), 100, BUCKET, "k")
            .withPart(
                new MultipartUpload.PartKey(1, 101),
                new MultipartUpload.Part(uuid(0x20), "e", 7L, null));

    uploads.insert(upload);

    byte[] key = MultipartUploadCounter.INSTANCE.counterKey(upload);
    assertThat(counters.get(CounterTable.BUCKET_MPU_COUNTER, key).orElseThrow().values())
        .containsExactlyInAnyOrderEntriesOf(Map.of("uploads", 1L, "parts", 1L, "bytes", 7L));
    CounterEntry queuedEntry = queued(CounterTable.BUCKET_MPU_COUNTER).getFirst();
    assertThat(queuedEntry.partition()).isEqualTo(BUCKET);
    assertThat(queuedEntry.sortKey()).isEqualTo("6d");

    uploads.insert(upload.asDeleted());

    assertThat(counters.get(CounterTable.BUCKET_MPU_COUNTER, key).orElseThrow().values())
        .containsExactlyInAnyOrderEntriesOf(Map.of("uploads", 0L, "parts", 0L, "bytes", 0L));
  }

  @Test
  void theInsertQueueDeliversTheTotalsToTheCounterTable() {
    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));
    objects().insert(object(BUCKET, "b", uploading(uuid(0x11), 100)));
    // This node alone holds every partition (RF 1): the quorum write comes back to its tables.
    TableClient client =
        new TableClient(
            LocalTablesRpc.of(tables),
            new StaticPlacement(
                SELF, TestLayouts.storage(List.of(SELF), 1), ConsistencyMode.CONSISTENT),
            Runnable::run);
    InsertQueueWorker worker = new InsertQueueWorker(queue, tables, client, entries -> {});

    worker.work();

    CounterEntry stored =
        tables
            .get(CounterTable.BUCKET_OBJECT_COUNTER)
            .get(BUCKET.asHash(), new byte[0])
            .orElseThrow();
    assertThat(stored.values(List.of(SELF))).containsExactlyInAnyOrderEntriesOf(counts(1, 300, 1));
    assertThat(queue.length(CounterTable.BUCKET_OBJECT_COUNTER.tableName())).isZero();
  }

  @Test
  void tablesBuiltWithoutCountersCountNothing() throws IOException {
    store.close();
    store = MetadataStore.open(dir, false, Tables.columnFamilies(SCHEMAS));
    queue = new PersistentInsertQueue(store);
    tables = new Tables(store, queue, SCHEMAS, Tables::declaredReplication, clock);
    counters = new LocalCounters(store, SELF, clock);

    objects().insert(object(BUCKET, "a", sized(uuid(0x10), 100, 300)));

    assertThat(counters.get(CounterTable.BUCKET_OBJECT_COUNTER, BUCKET.bytes())).isEmpty();
    assertThat(queue.length()).isZero();
  }
}
