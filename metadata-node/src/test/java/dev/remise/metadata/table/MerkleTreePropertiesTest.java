package dev.remise.metadata.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.metadata.table.MerkleOracle.Item;
import dev.remise.model.s3.ObjectTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Merkle trie is canonical: whatever the order of insertions, updates and deletions, and
 * however the updater batches them, the tries end up exactly as the {@link MerkleOracle} builds
 * them from the final set of items. Hence two replicas holding the same items have the same root
 * hashes.
 */
class MerkleTreePropertiesTest {
  private static final String TABLE = ObjectTable.INSTANCE.tableName();

  /** Four partitions by the first key byte: the tries of one table stay apart. */
  private static final ToIntFunction<byte[]> PARTITION = key -> key[0] & 0x3;

  /** A store with the families of one table, on a fresh temporary directory. */
  private static final class TempStore implements AutoCloseable {
    final Path dir;
    final MetadataStore store;
    final MerkleTree tree;

    TempStore() {
      try {
        dir = Files.createTempDirectory("merkle");
        store =
            MetadataStore.open(dir, false, Tables.columnFamilies(List.of(ObjectTable.INSTANCE)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      tree = new MerkleTree(store, TABLE, PARTITION);
    }

    void set(byte[] key, Hash valueHash) {
      store.transact(
          tx -> {
            tree.todo(tx, key, valueHash);
            return null;
          });
    }

    void drain() {
      while (tree.update(100) > 0) {}
    }

    Map<Integer, Hash> roots() {
      Map<Integer, Hash> roots = new TreeMap<>();
      for (int p = 0; p < 4; p++) {
        Hash root = tree.rootHash(p);
        if (!root.equals(MerkleNode.EMPTY_HASH)) {
          roots.put(p, root);
        }
      }
      return roots;
    }

    @Override
    public void close() throws IOException {
      store.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static byte[] key(Random random) {
    byte[] key = new byte[32 + random.nextInt(8)];
    random.nextBytes(key);
    return key;
  }

  private static Hash value(Random random) {
    byte[] v = new byte[8];
    random.nextBytes(v);
    return Blake2.sum(v);
  }

  @Property(tries = 25)
  void triesDependOnlyOnTheFinalItemsWhateverTheOrderOfChanges(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 300) int keyCount,
      @ForAll @IntRange(min = 1, max = 600) int changes,
      @ForAll @IntRange(min = 1, max = 120) int batch)
      throws IOException {
    Random random = new Random(seed);
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < keyCount; i++) {
      keys.add(key(random));
    }
    Map<Integer, Hash> model = new HashMap<>();
    try (TempStore incremental = new TempStore();
        TempStore fresh = new TempStore()) {
      for (int c = 0; c < changes; c++) {
        int k = random.nextInt(keyCount);
        Hash v = random.nextInt(3) == 0 ? null : value(random);
        if (v == null) {
          model.remove(k);
        } else {
          model.put(k, v);
        }
        incremental.set(keys.get(k), v);
        if (random.nextInt(batch) == 0) {
          // Apply part of the backlog now and then, so the updater sees varied histories.
          incremental.tree.update(1 + random.nextInt(batch));
        }
      }
      incremental.drain();

      List<Item> items = new ArrayList<>();
      model.forEach((k, v) -> items.add(new Item(keys.get(k), v)));
      List<Item> shuffled = new ArrayList<>(items);
      Collections.shuffle(shuffled, random);
      for (Item i : shuffled) {
        fresh.set(i.key(), i.valueHash());
        fresh.drain();
      }

      Map<Integer, Hash> expected = MerkleOracle.roots(items, PARTITION);
      assertThat(incremental.roots()).isEqualTo(expected);
      assertThat(fresh.roots()).isEqualTo(expected);
      assertThat(MerkleOracle.countStoredNodes(incremental.store, TABLE))
          .isEqualTo(MerkleOracle.storedNodes(items, PARTITION));
      assertThat(incremental.tree.hasTodo()).isFalse();
    }
  }

  @Property(tries = 15)
  void deletingWhatWasAddedGivesBackTheSameTrie(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 100) int kept,
      @ForAll @IntRange(min = 1, max = 200) int added)
      throws IOException {
    Random random = new Random(seed);
    List<Item> base = new ArrayList<>();
    for (int i = 0; i < kept; i++) {
      base.add(new Item(key(random), value(random)));
    }
    try (TempStore store = new TempStore()) {
      base.forEach(i -> store.set(i.key(), i.valueHash()));
      store.drain();
      Map<Integer, Hash> before = store.roots();
      int nodesBefore = MerkleOracle.countStoredNodes(store.store, TABLE);

      List<byte[]> extra = new ArrayList<>();
      for (int i = 0; i < added; i++) {
        byte[] k = key(random);
        extra.add(k);
        store.set(k, value(random));
      }
      store.drain();
      Collections.shuffle(extra, random);
      extra.forEach(k -> store.set(k, null));
      store.drain();

      assertThat(store.roots()).isEqualTo(before);
      assertThat(MerkleOracle.countStoredNodes(store.store, TABLE)).isEqualTo(nodesBefore);
      if (kept == 0) {
        assertThat(Arrays.stream(new int[] {0, 1, 2, 3}).mapToObj(store.tree::rootHash))
            .containsOnly(MerkleNode.EMPTY_HASH);
      }
    }
  }
}
