package dev.remise.metadata.table;

import static dev.remise.metadata.table.Entries.inline;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.smallUuid;
import static dev.remise.metadata.table.Entries.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Partition;
import dev.remise.metadata.table.MerkleOracle.Item;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.S3Object;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ReadOptions;

/**
 * How tables feed their Merkle tries: every change leaves a todo item in its own transaction, the
 * updater applies them (also after a crash), deletions only happen on an unchanged entry, and a
 * store that never had tries gets them built.
 */
class MerkleTreeTest {
  @TempDir Path dir;

  /** Objects spread over several partitions: bucket ids 0x00.., 0x40.., 0x80.., 0xc0... */
  private static List<S3Object> objects(int n) {
    List<S3Object> objects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      objects.add(object(uuid((i % 4) * 0x40), "key-" + i, inline(smallUuid(i % 200), 1 + i)));
    }
    return objects;
  }

  /** The oracle's roots for what the table holds now, by partition. */
  private static Map<Integer, Hash> expectedRoots(LocalTable<?> table) {
    List<Item> items = new ArrayList<>();
    for (int p = 0; p < table.partitionCount(); p++) {
      for (StoredEntry e : table.partitionEntries(p, null, Integer.MAX_VALUE)) {
        items.add(new Item(e.key(), Blake2.sum(e.value())));
      }
    }
    return MerkleOracle.roots(items, table::partitionOfKey);
  }

  private static Map<Integer, Hash> roots(LocalTable<?> table) {
    Map<Integer, Hash> roots = new TreeMap<>();
    for (int p = 0; p < table.partitionCount(); p++) {
      Hash root = table.merkle().rootHash(p);
      if (!root.equals(MerkleNode.EMPTY_HASH)) {
        roots.put(p, root);
      }
    }
    return roots;
  }

  private static void drain(StoreFixture f) {
    new MerkleUpdater(f.tables).drain();
  }

  @Test
  void everyInsertLeavesATodoItemThatTheUpdaterFoldsIntoThePartitionTrie() throws IOException {
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      objects(40).forEach(table::insert);
      assertThat(table.merkle().hasTodo()).isTrue();
      assertThat(roots(table)).isEmpty();

      drain(f);

      assertThat(table.merkle().hasTodo()).isFalse();
      assertThat(roots(table)).hasSize(4).isEqualTo(expectedRoots(table));
      assertThat(roots(table).keySet()).containsExactly(0x00, 0x40, 0x80, 0xc0);
    }
  }

  @Test
  void anInsertThatChangesNothingLeavesNoTodoItem() throws IOException {
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      S3Object o = objects(1).getFirst();
      table.insert(o);
      drain(f);

      assertThat(table.insert(o)).isFalse();

      assertThat(table.merkle().hasTodo()).isFalse();
    }
  }

  @Test
  void fullCopyTablesHaveASinglePartition() throws IOException {
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<AccessKey> keys = f.table(KeyTable.INSTANCE);
      assertThat(keys.partitionCount()).isEqualTo(1);
      assertThat(f.table(ObjectTable.INSTANCE).partitionCount()).isEqualTo(Partition.COUNT);
      for (int i = 0; i < 20; i++) {
        keys.insert(AccessKey.create("GK" + i, "secret", "key " + i, 1000, false));
      }
      drain(f);

      assertThat(roots(keys)).containsOnlyKeys(0).isEqualTo(expectedRoots(keys));
      assertThat(keys.partitionEntries(0, null, 100)).hasSize(20);
    }
  }

  @Test
  void changesLeftUnappliedByACrashAreAppliedAfterTheRestart() throws IOException {
    Map<Integer, Hash> expected;
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      objects(30).forEach(table::insert);
      f.table(ObjectTable.INSTANCE).merkle().update(5); // Part of the backlog, then the "crash".
      expected = expectedRoots(table);
    }
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      assertThat(table.merkle().hasTodo()).isTrue();

      drain(f);

      assertThat(roots(table)).isEqualTo(expected);
    }
  }

  @Test
  void deleteIfEqualHashDeletesOnlyAnUnchangedEntryAndItsLeaf() throws IOException {
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      List<S3Object> objects = objects(8);
      objects.forEach(table::insert);
      drain(f);
      S3Object first = objects.getFirst();
      byte[] key = ObjectTable.INSTANCE.storageKey(first);
      Hash stale = Blake2.sum(ObjectTable.INSTANCE.encode(first));
      // A newer version merged in since the caller looked: the entry must survive.
      table.insert(object(first.bucketId(), first.key(), inline(smallUuid(250), 99_999)));

      assertThat(table.deleteIfEqualHash(key, stale)).isFalse();
      assertThat(table.getEncodedByKey(key)).isNotNull();

      byte[] current = table.getEncodedByKey(key);
      assertThat(table.deleteIfEqualHash(key, Blake2.sum(current))).isTrue();
      assertThat(table.getEncodedByKey(key)).isNull();
      assertThat(table.deleteIfEqualHash(key, Blake2.sum(current))).isFalse();
      drain(f);

      assertThat(roots(table)).isEqualTo(expectedRoots(table));
    }
  }

  @Test
  void deletingEveryEntryEmptiesTheTries() throws IOException {
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      objects(50).forEach(table::insert);
      drain(f);
      for (int p = 0; p < Partition.COUNT; p++) {
        for (StoredEntry e : table.partitionEntries(p, null, 1000)) {
          assertThat(table.deleteIfEqualHash(e.key(), Blake2.sum(e.value()))).isTrue();
        }
      }
      drain(f);

      assertThat(roots(table)).isEmpty();
      assertThat(MerkleOracle.countStoredNodes(f.store, table.name())).isZero();
    }
  }

  @Test
  void partitionEntriesPagesThroughOnePartitionOnly() throws IOException {
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      objects(40).forEach(table::insert);

      List<StoredEntry> all = new ArrayList<>();
      byte[] after = null;
      while (true) {
        List<StoredEntry> page = table.partitionEntries(0x40, after, 3);
        if (page.isEmpty()) {
          break;
        }
        all.addAll(page);
        after = page.getLast().key();
      }

      assertThat(all).hasSize(10);
      assertThat(all).allMatch(e -> table.partitionOfKey(e.key()) == 0x40);
      assertThat(table.partitionEntries(0x41, null, 100)).isEmpty();
      assertThat(table.partitionEntries(0xff, null, 100)).isEmpty();
    }
  }

  @Test
  void aStoreWithEntriesButNoTriesGetsThemBuiltAtOpen() throws IOException {
    Map<Integer, Hash> expected;
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      objects(30).forEach(table::insert);
      expected = expectedRoots(table);
      // As a store written before Merkle trees existed: entries, no trie, no todo.
      clear(f.store, MerkleTree.todoFamily(table.name()));
      // (This open tree still lists the cleared items in memory; the reopened one reads the store.)
    }
    try (StoreFixture f = new StoreFixture(dir)) {
      LocalTable<S3Object> table = f.table(ObjectTable.INSTANCE);
      assertThat(table.merkle().hasTodo()).isTrue();

      drain(f);

      assertThat(roots(table)).isEqualTo(expected);
    }
  }

  private static void clear(MetadataStore store, String family) {
    List<byte[]> keys;
    try (ReadOptions options = new ReadOptions()) {
      keys =
          store.scan(
              store.family(family),
              options,
              it -> {
                List<byte[]> found = new ArrayList<>();
                for (it.seekToFirst(); it.isValid(); it.next()) {
                  found.add(it.key());
                }
                return found;
              });
    }
    store.transact(
        tx -> {
          keys.forEach(k -> tx.delete(store.family(family), k));
          return null;
        });
  }
}
