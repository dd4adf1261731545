package dev.remise.metadata.sync;

import static dev.remise.metadata.table.Entries.inline;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import dev.remise.core.Uuid;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RoleChange;
import dev.remise.metadata.sync.SyncCluster.Node;
import dev.remise.metadata.table.LocalTable;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.S3Object;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.replication.Replication;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anti-entropy protocol between in-process RocksDB nodes: push-only Merkle comparison until
 * every replica holds the same entries, quorum accounting per write set, offload of partitions a
 * node no longer stores, and when passes run.
 */
class TableSyncerTest {
  @TempDir Path dir;

  private static Uuid randomUuid(Random random) {
    byte[] bytes = new byte[Hash.LENGTH];
    random.nextBytes(bytes);
    return new Uuid(bytes);
  }

  /** {@code n} objects in random buckets (so over every partition), deterministic by seed. */
  private static List<S3Object> randomObjects(Random random, int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> object(randomUuid(random), "key-" + i, inline(randomUuid(random), 1000 + i)))
        .toList();
  }

  /** One object in each of the 256 partitions. */
  private static List<S3Object> onePerPartition() {
    return java.util.stream.IntStream.range(0, Partition.COUNT)
        .mapToObj(p -> object(uuid(p), "in-" + p, inline(uuid(p), 1000)))
        .toList();
  }

  private static AccessKey key(String id) {
    return AccessKey.create(id, "secret-" + id, "key " + id, 1000, false);
  }

  private static void assertSameTables(SyncCluster cluster) {
    Node first = cluster.node(0);
    for (Node n : cluster.nodes.values()) {
      for (var schema : SyncCluster.SCHEMAS) {
        assertThat(n.contents(schema)).as(schema.tableName()).isEqualTo(first.contents(schema));
        LocalTable<?> mine = n.tables.get(schema.tableName());
        LocalTable<?> theirs = first.tables.get(schema.tableName());
        for (int p = 0; p < mine.partitionCount(); p++) {
          assertThat(mine.merkle().rootHash(p)).isEqualTo(theirs.merkle().rootHash(p));
        }
      }
    }
  }

  @Test
  void threeReplicasWithDifferentEntriesConvergeAndThenExchangeNothing() throws IOException {
    try (SyncCluster cluster = new SyncCluster(dir, 3)) {
      cluster.applyLayout(3);
      Node a = cluster.node(0);
      Node c = cluster.node(2);
      Random random = new Random(42);
      List<S3Object> onA = randomObjects(random, 1000);
      onA.forEach(a.table(ObjectTable.INSTANCE)::insert);
      // C: 100 of A's objects with another version each (merged on sync), and 200 of its own.
      for (S3Object o : onA.subList(0, 100)) {
        c.table(ObjectTable.INSTANCE)
            .insert(object(o.bucketId(), o.key(), inline(randomUuid(random), 5000)));
      }
      randomObjects(random, 200).forEach(c.table(ObjectTable.INSTANCE)::insert);
      List.of("GKa1", "GKa2", "GKa3").forEach(id -> a.table(KeyTable.INSTANCE).insert(key(id)));
      List.of("GKc1", "GKc2").forEach(id -> c.table(KeyTable.INSTANCE).insert(key(id)));

      cluster.syncRound();

      assertSameTables(cluster);
      assertThat(a.contents(ObjectTable.INSTANCE)).hasSize(1200);
      assertThat(a.contents(KeyTable.INSTANCE)).hasSize(5);
      S3Object merged =
          a.table(ObjectTable.INSTANCE)
              .get(onA.getFirst().bucketId().asHash(), onA.getFirst().key().getBytes())
              .orElseThrow();
      // The object merge keeps the newest complete version: C's, written at 5000.
      assertThat(merged.versions()).singleElement().extracting(v -> v.timestamp()).isEqualTo(5000L);
      long version = cluster.layout.get().ackMin();
      cluster.nodes.values().forEach(n -> assertThat(n.fullSyncs).containsExactly(version));

      cluster.network.calls.clear();
      cluster.syncRound();

      assertThat(cluster.network.itemsPushed()).isZero();
      assertThat(cluster.network.calls).allMatch(call -> call.method().equals("root"));
    }
  }

  @Test
  void onlyTheDifferingSubtreesAreWalked() throws IOException {
    try (SyncCluster cluster = new SyncCluster(dir, 2)) {
      cluster.applyLayout(2);
      Node a = cluster.node(0);
      List<S3Object> objects = randomObjects(new Random(7), 2000);
      objects.forEach(a.table(ObjectTable.INSTANCE)::insert);
      cluster.syncRound();
      // One more object on A: a single partition differs, and a single leaf is pushed.
      a.table(ObjectTable.INSTANCE).insert(object(uuid(9), "late", inline(uuid(9), 1)));
      cluster.settle();
      cluster.network.calls.clear();

      a.syncer.requestFullSync();
      a.runUntilIdle();

      assertThat(cluster.network.itemsPushed()).isEqualTo(1);
      assertThat(cluster.network.calls.stream().filter(c -> c.method().equals("node")).count())
          .isBetween(1L, 4L);
    }
  }

  @Test
  void aPassSucceedsWhenEveryWriteSetKeepsAQuorumAndOnlyThenReportsTheVersion() throws IOException {
    try (SyncCluster cluster = new SyncCluster(dir, 3)) {
      cluster.applyLayout(3); // RF 3, write quorum 2: one peer of each set may fail.
      Node a = cluster.node(0);
      Node b = cluster.node(1);
      Node c = cluster.node(2);
      onePerPartition().forEach(a.table(ObjectTable.INSTANCE)::insert);
      a.table(KeyTable.INSTANCE).insert(key("GK1"));
      cluster.settle();
      cluster.network.setDown(b.uri, true);
      cluster.network.setDown(c.uri, true);

      a.syncer.requestFullSync();
      a.runUntilIdle();

      assertThat(a.fullSyncs).isEmpty();
      assertThat(a.syncer.syncedVersion()).isEmpty();
      assertThat(a.syncer.syncedAt(0)).isFalse();
      assertThat(a.syncer.status()).contains("failed");

      cluster.network.setDown(c.uri, false);
      a.syncer.requestFullSync();
      a.runUntilIdle();

      long version = cluster.layout.get().ackMin();
      assertThat(a.fullSyncs).containsExactly(version);
      assertThat(a.syncer.syncedVersion()).hasValue(version);
      assertThat(a.syncer.syncedAt(version)).isTrue();
      assertThat(a.syncer.syncedAt(version + 1)).isFalse();
      cluster.settle();
      assertThat(c.contents(ObjectTable.INSTANCE)).isEqualTo(a.contents(ObjectTable.INSTANCE));
      assertThat(b.contents(ObjectTable.INSTANCE)).isEmpty();
    }
  }

  @Test
  void aNodeOffloadsThePartitionsItDoesNotStoreToTheirStorageNodes() throws IOException {
    try (SyncCluster cluster = new SyncCluster(dir, 2)) {
      cluster.applyLayout(1); // One copy: each partition lives on one of the two nodes.
      Node x = cluster.node(0);
      Node y = cluster.node(1);
      onePerPartition().forEach(x.table(ObjectTable.INSTANCE)::insert);
      List<String> before = x.contents(ObjectTable.INSTANCE);
      LayoutView view = LayoutView.of(cluster.layout.get(), ConsistencyMode.CONSISTENT);
      Replication sharded = new Replication.Sharded(Ring.METADATA);
      Set<Integer> onY =
          java.util.stream.IntStream.range(0, Partition.COUNT)
              .filter(p -> sharded.storageNodes(view, p).equals(List.of(y.id)))
              .boxed()
              .collect(Collectors.toSet());
      assertThat(onY).isNotEmpty().hasSizeLessThan(Partition.COUNT);
      cluster.settle();

      // The only storage node of those partitions is down: nothing may be deleted.
      cluster.network.setDown(y.uri, true);
      x.syncer.requestFullSync();
      x.runUntilIdle();
      assertThat(x.contents(ObjectTable.INSTANCE)).isEqualTo(before);
      assertThat(x.fullSyncs).isEmpty();

      cluster.network.setDown(y.uri, false);
      x.syncer.requestFullSync();
      x.runUntilIdle();

      LocalTable<S3Object> onX = x.table(ObjectTable.INSTANCE);
      LocalTable<S3Object> onYTable = y.table(ObjectTable.INSTANCE);
      for (int p = 0; p < Partition.COUNT; p++) {
        boolean yStores = onY.contains(p);
        assertThat(onX.partitionEntries(p, null, 10))
            .as("x, partition %d", p)
            .hasSize(yStores ? 0 : 1);
        assertThat(onYTable.partitionEntries(p, null, 10))
            .as("y, partition %d", p)
            .hasSize(yStores ? 1 : 0);
      }
      assertThat(x.fullSyncs).hasSize(1);
      cluster.settle();
      for (int p : onY) {
        assertThat(onX.merkle().rootHash(p))
            .isEqualTo(dev.remise.metadata.table.MerkleNode.EMPTY_HASH);
      }
    }
  }

  @Test
  void passesRunAfterTheFirstDelayAtEachGroupsIntervalAndAtOnceWhenTheLayoutMoves()
      throws IOException {
    TableSyncer.Schedule schedule =
        new TableSyncer.Schedule(
            Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(20));
    try (SyncCluster cluster = new SyncCluster(dir, 2, schedule)) {
      Node a = cluster.node(0);
      a.table(ObjectTable.INSTANCE).insert(object(uuid(1), "o", inline(uuid(1), 1)));
      a.table(KeyTable.INSTANCE).insert(key("GK1"));
      cluster.settle();

      // No layout yet: nothing to sync with, whatever the time.
      cluster.clock.advance(Duration.ofSeconds(30));
      a.runUntilIdle();
      assertThat(cluster.network.calls).isEmpty();
      assertThat(a.syncer.status()).isEqualTo("no cluster layout yet");

      // The first layout arriving is a layout change: both groups sync at once.
      cluster.applyLayout(2);
      a.runUntilIdle();
      assertThat(tablesCalled(cluster)).containsExactlyInAnyOrder("object", "key");

      cluster.network.calls.clear();
      a.runUntilIdle();
      assertThat(cluster.network.calls).isEmpty();

      cluster.clock.advance(Duration.ofSeconds(10));
      a.runUntilIdle();
      assertThat(tablesCalled(cluster)).containsExactly("key");

      cluster.network.calls.clear();
      cluster.clock.advance(Duration.ofMinutes(10));
      a.runUntilIdle();
      assertThat(tablesCalled(cluster)).containsExactlyInAnyOrder("object", "key");

      // A new layout version: everything again, without waiting.
      cluster.network.calls.clear();
      cluster.layout.set(nextVersion(cluster.layout.get(), cluster));
      a.runUntilIdle();
      assertThat(tablesCalled(cluster)).containsExactlyInAnyOrder("object", "key");
    }
  }

  @Test
  void theFirstPassWaitsForTheFirstDelay() throws IOException {
    TableSyncer.Schedule schedule =
        new TableSyncer.Schedule(
            Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(20));
    try (SyncCluster cluster = new SyncCluster(dir, 2)) {
      cluster.applyLayout(2);
      // A node started with a layout already known: no "change", only the first delay.
      Node a = cluster.node(0);
      TableSyncer syncer =
          new TableSyncer(
              a.tables,
              a.id,
              () -> java.util.Optional.of(cluster.layout.get()),
              n -> java.util.Optional.of(cluster.nodes.get(n).uri),
              cluster.network,
              schedule,
              cluster.clock,
              v -> {});
      a.table(KeyTable.INSTANCE).insert(key("GK1"));
      cluster.settle();

      cluster.clock.advance(Duration.ofSeconds(19));
      assertThat(syncer.work()).isEqualTo(dev.remise.core.background.Worker.WorkerState.IDLE);
      assertThat(cluster.network.calls).isEmpty();

      cluster.clock.advance(Duration.ofSeconds(1));
      assertThat(syncer.work()).isEqualTo(dev.remise.core.background.Worker.WorkerState.BUSY);
    }
  }

  @Test
  void duringATransitionEveryActiveVersionsSetNeedsItsOwnQuorum() throws IOException {
    try (SyncCluster cluster = new SyncCluster(dir, 3)) {
      Node a = cluster.node(0);
      Node b = cluster.node(1);
      Node c = cluster.node(2);
      // Version 1: A and B, two copies. Version 2 adds C; both stay active (nobody synced yet).
      cluster.applyLayout(2, List.of(a.id, b.id));
      cluster.layout.set(withNode(cluster.layout.get(), c.id, cluster));
      assertThat(cluster.layout.get().activeVersions()).hasSize(2);
      onePerPartition().forEach(a.table(ObjectTable.INSTANCE)::insert);
      cluster.settle();

      // B down: in version 1 every partition's set is {A, B} with quorum 2, so no partition may
      // lose B, whatever version 2 says.
      cluster.network.setDown(b.uri, true);
      a.syncer.requestFullSync();
      a.runUntilIdle();
      assertThat(a.fullSyncs).isEmpty();

      cluster.network.setDown(b.uri, false);
      a.syncer.requestFullSync();
      a.runUntilIdle();

      assertThat(a.fullSyncs).containsExactly(cluster.layout.get().ackMin());
      cluster.settle();
      assertThat(b.contents(ObjectTable.INSTANCE)).isEqualTo(a.contents(ObjectTable.INSTANCE));
      // C got exactly the partitions version 2 gives it.
      LayoutView view = LayoutView.of(cluster.layout.get(), ConsistencyMode.CONSISTENT);
      Replication sharded = new Replication.Sharded(Ring.METADATA);
      for (int p = 0; p < Partition.COUNT; p++) {
        boolean cStores = sharded.storageNodes(view, p).contains(c.id);
        assertThat(c.table(ObjectTable.INSTANCE).partitionEntries(p, null, 10))
            .as("partition %d", p)
            .hasSize(cStores ? 1 : 0);
      }
    }
  }

  /** The next layout version: {@code node} joins as a storage node in a zone of its own. */
  private static LayoutHistory withNode(LayoutHistory history, NodeId node, SyncCluster cluster) {
    java.time.InstantSource at = () -> Instant.ofEpochMilli(cluster.clock.millis());
    return history
        .stage(
            Map.of(
                node,
                RoleChange.assign(NodeRole.storage("zone-" + node.shortHex(), 1_000_000_000_000L))),
            at)
        .apply(history.current().version() + 1, at)
        .history();
  }

  private static Set<String> tablesCalled(SyncCluster cluster) {
    return cluster.network.calls.stream()
        .map(InMemorySyncNetwork.Call::table)
        .collect(Collectors.toSet());
  }

  /** The next layout version: the first node's capacity changes. */
  private static LayoutHistory nextVersion(LayoutHistory history, SyncCluster cluster) {
    NodeId first = cluster.node(0).id;
    java.time.InstantSource at = () -> Instant.ofEpochMilli(cluster.clock.millis());
    return history
        .stage(
            Map.of(
                first,
                RoleChange.assign(
                    NodeRole.storage("zone-" + first.shortHex(), 2_000_000_000_000L))),
            at)
        .apply(history.current().version() + 1, at)
        .history();
  }
}
