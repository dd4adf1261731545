package dev.remise.metadata.table;

import static dev.remise.metadata.table.Entries.deleteMarker;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.smallUuid;
import static dev.remise.metadata.table.Entries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.model.counter.CounterEntry;
import dev.remise.model.counter.CounterTable;
import dev.remise.model.counter.ObjectCounter;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.VersionTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.TableClient;
import dev.remise.rpc.TableRpc;
import dev.remise.table.TableSchema;
import dev.remise.testkit.MutableClock;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index counters on three RocksDB nodes holding every partition (RF 3): each node counts the
 * objects it stores and publishes its own totals through its insert queue; the counter entry ends
 * up holding all three, and the count is their maximum, not their sum.
 */
class IndexCounterClusterTest {
  private static final Uuid BUCKET = smallUuid(2);
  private static final List<TableSchema<?>> SCHEMAS =
      List.of(
          ObjectTable.INSTANCE,
          VersionTable.INSTANCE,
          MultipartUploadTable.INSTANCE,
          CounterTable.BUCKET_OBJECT_COUNTER,
          CounterTable.BUCKET_MPU_COUNTER);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(1_700_000_000_000L);
  private final Map<NodeId, Node> nodes = new LinkedHashMap<>();
  private final Map<URI, NodeId> byAddress = new LinkedHashMap<>();
  private List<NodeId> ids;

  private static NodeId node(int i) {
    return NodeId.fromHex("%064x".formatted(i));
  }

  /** One metadata node: its store, queue, counters and tables. */
  private record Node(MetadataStore store, PersistentInsertQueue queue, Tables tables) {}

  @BeforeEach
  void start() throws IOException {
    for (int i = 1; i <= 3; i++) {
      MetadataStore store =
          MetadataStore.open(dir.resolve("n" + i), false, Tables.columnFamilies(SCHEMAS));
      PersistentInsertQueue queue = new PersistentInsertQueue(store);
      LocalCounters counters = new LocalCounters(store, node(i), clock);
      Tables tables =
          new Tables(store, queue, counters, SCHEMAS, Tables::declaredReplication, clock);
      nodes.put(node(i), new Node(store, queue, tables));
      byAddress.put(StaticPlacement.addressOf(node(i)), node(i));
    }
    ids = List.copyOf(nodes.keySet());
  }

  @AfterEach
  void stop() {
    nodes.values().forEach(n -> n.store().close());
  }

  private final TableRpc rpc = LocalTablesRpc.routed(uri -> nodes.get(byAddress.get(uri)).tables());

  private TableClient client(NodeId self) {
    return new TableClient(
        rpc,
        new StaticPlacement(self, TestLayouts.storage(ids, 3), ConsistencyMode.CONSISTENT),
        Runnable::run);
  }

  /** Runs every node's insert queue until nothing is left to deliver. */
  private void deliverQueues() {
    for (int round = 0; round < 5; round++) {
      for (Map.Entry<NodeId, Node> n : nodes.entrySet()) {
        InsertQueueWorker worker =
            new InsertQueueWorker(
                n.getValue().queue(), n.getValue().tables(), client(n.getKey()), entries -> {});
        while (worker.work() == WorkerState.BUSY) {
          // Keep going: a delivery may cascade.
        }
      }
    }
  }

  private static S3Object sized(String key, Uuid version, long ts, long size) {
    return object(
        BUCKET,
        key,
        new ObjectVersion(
            version,
            ts,
            new ObjectVersion.State.Complete(
                new ObjectVersion.Data.FirstBlock(
                    new ObjectVersion.Meta(size, "etag", ObjectVersion.Headers.none()),
                    uuid(0xb1).asHash()))));
  }

  private CounterEntry counter() {
    return client(node(1))
        .get(CounterTable.BUCKET_OBJECT_COUNTER, BUCKET.asHash(), new byte[0])
        .orElseThrow();
  }

  @Test
  void everyReplicaReportsTheBucketsObjectsAndTheCountIsTheirMaximum() {
    TableClient gateway = client(node(1));
    for (int i = 0; i < 5; i++) {
      gateway.insert(ObjectTable.INSTANCE, sized("k" + i, uuid(0x10 + i), 100, 10));
    }

    deliverQueues();

    CounterEntry counter = counter();
    assertThat(counter.nodes()).containsOnlyKeys(ids);
    counter.nodes().values().forEach(t -> assertThat(t.get(ObjectCounter.OBJECTS)).isEqualTo(5));
    assertThat(counter.values(ids))
        .containsEntry(ObjectCounter.OBJECTS, 5L)
        .containsEntry(ObjectCounter.BYTES, 50L);
  }

  @Test
  void aLaggingReplicaCatchesUpAndThenEveryNodeAgrees() {
    TableClient gateway = client(node(1));
    for (int i = 0; i < 3; i++) {
      gateway.insert(ObjectTable.INSTANCE, sized("k" + i, uuid(0x10 + i), 100, 10));
    }
    deliverQueues();

    // A deletion reaches nodes 1 and 2 only (node 3 was unreachable): their totals drop, node 3's
    // stay, and the maximum still says 3 until node 3 learns of the deletion.
    S3Object deletion = object(BUCKET, "k0", deleteMarker(uuid(0x30), 200));
    nodes.get(node(1)).tables().get(ObjectTable.INSTANCE).insert(deletion);
    nodes.get(node(2)).tables().get(ObjectTable.INSTANCE).insert(deletion);
    clock.advance(Duration.ofSeconds(1));
    deliverQueues();
    assertThat(counter().nodes().get(node(1)).get(ObjectCounter.OBJECTS)).isEqualTo(2);
    assertThat(counter().values(ids)).containsEntry(ObjectCounter.OBJECTS, 3L);
    assertThat(counter().values(List.of(node(1), node(2))))
        .containsEntry(ObjectCounter.OBJECTS, 2L);

    // Anti-entropy (or read repair) delivers it to node 3.
    nodes.get(node(3)).tables().get(ObjectTable.INSTANCE).insert(deletion);
    deliverQueues();

    assertThat(counter().values(ids)).containsEntry(ObjectCounter.OBJECTS, 2L);
    counter().nodes().values().forEach(t -> assertThat(t.get(ObjectCounter.OBJECTS)).isEqualTo(2));
  }
}
