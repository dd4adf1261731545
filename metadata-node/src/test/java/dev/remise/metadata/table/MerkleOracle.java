package dev.remise.metadata.table;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.metadata.table.MerkleNode.Child;
import dev.remise.metadata.table.MerkleNode.Empty;
import dev.remise.metadata.table.MerkleNode.Intermediate;
import dev.remise.metadata.table.MerkleNode.Leaf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.rocksdb.ReadOptions;

/**
 * The canonical trie of a set of items, built from scratch in memory by the definition (no item:
 * empty; one: a leaf; more: an intermediate node grouping them by the next khash byte): what the
 * incremental updater must always end up with, whatever the order of changes.
 */
final class MerkleOracle {
  private MerkleOracle() {}

  /** An item: its storage key and value hash. */
  record Item(byte[] key, Hash valueHash) {
    byte[] khash() {
      return Blake2.sum(key).bytes();
    }
  }

  /** The root hash of each non-empty partition of {@code items}. */
  static Map<Integer, Hash> roots(List<Item> items, ToIntFunction<byte[]> partitionOf) {
    Map<Integer, List<Item>> byPartition = new TreeMap<>();
    for (Item i : items) {
      byPartition.computeIfAbsent(partitionOf.applyAsInt(i.key()), p -> new ArrayList<>()).add(i);
    }
    Map<Integer, Hash> roots = new TreeMap<>();
    byPartition.forEach((p, list) -> roots.put(p, build(list, 0, new int[1]).hash()));
    return roots;
  }

  /** How many nodes the canonical tries of {@code items} store (empty nodes are not stored). */
  static int storedNodes(List<Item> items, ToIntFunction<byte[]> partitionOf) {
    Map<Integer, List<Item>> byPartition = new TreeMap<>();
    for (Item i : items) {
      byPartition.computeIfAbsent(partitionOf.applyAsInt(i.key()), p -> new ArrayList<>()).add(i);
    }
    int[] count = new int[1];
    byPartition.values().forEach(list -> build(list, 0, count));
    return count[0];
  }

  private static MerkleNode build(List<Item> items, int depth, int[] count) {
    if (items.isEmpty()) {
      return new Empty();
    }
    count[0]++;
    if (items.size() == 1) {
      return new Leaf(items.getFirst().key(), items.getFirst().valueHash());
    }
    Map<Integer, List<Item>> groups = new TreeMap<>();
    for (Item i : items) {
      groups.computeIfAbsent(i.khash()[depth] & 0xFF, b -> new ArrayList<>()).add(i);
    }
    List<Child> children = new ArrayList<>();
    groups.forEach((b, group) -> children.add(new Child(b, build(group, depth + 1, count).hash())));
    return new Intermediate(children);
  }

  /** How many nodes a table's {@code merkle_tree} family holds. */
  static int countStoredNodes(MetadataStore store, String table) {
    try (ReadOptions options = new ReadOptions()) {
      return store.scan(
          store.family(MerkleTree.treeFamily(table)),
          options,
          it -> {
            int n = 0;
            for (it.seekToFirst(); it.isValid(); it.next()) {
              n++;
            }
            return n;
          });
    }
  }

  static boolean sameKey(Item a, byte[] key) {
    return Arrays.equals(a.key(), key);
  }
}
