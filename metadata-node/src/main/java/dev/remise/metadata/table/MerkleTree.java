package dev.remise.metadata.table;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.metadata.table.MerkleNode.Child;
import dev.remise.metadata.table.MerkleNode.Empty;
import dev.remise.metadata.table.MerkleNode.Intermediate;
import dev.remise.metadata.table.MerkleNode.Leaf;
import dev.remise.table.MalformedEntryException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;

/**
 * The Merkle tries of one table, one per partition (Garage's {@code merkle.rs}, garage-internals
 * §3.6): what anti-entropy compares to find, in a few round trips, the items two replicas disagree
 * on.
 *
 * <p>Storage: column family {@code <table>:merkle_tree} maps {@code partition (u16 BE) ‖ prefix} to
 * an encoded {@link MerkleNode} (empty nodes are absent), and {@code <table>:merkle_todo} maps a
 * storage key to the blake2 of its new encoded entry, or to nothing when the entry was deleted.
 * {@link LocalTable} writes the todo item in the very transaction that changes the entry, so the
 * trie can lag behind the table but never miss a change, even across a crash; {@link #update} then
 * applies todo items to the trie, each in its own transaction which also removes the item.
 *
 * <p>The trie is canonical: a prefix holds a leaf when exactly one item's khash starts with it (and
 * its parent's prefix holds two or more), an intermediate node when two or more do. Inserting into
 * a leaf of another key splits it; a deletion that leaves an intermediate node with a single leaf
 * child pulls that leaf up. So the root hash is a function of the set of (key, value hash) items
 * alone, which is what lets two replicas compare roots.
 */
public final class MerkleTree {
  private static final byte[] ROOT = new byte[0];
  private static final byte[] DELETED = new byte[0];

  private final MetadataStore store;
  private final String table;
  private final ColumnFamilyHandle tree;
  private final ColumnFamilyHandle todo;
  private final ToIntFunction<byte[]> partitionOfKey;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /**
   * The keys of the todo items, each with the token of its latest {@link #todo}: what {@link
   * #update} works from, instead of iterating the todo column family. That family is a queue whose
   * removed items stay in RocksDB as tombstones until a compaction, and an iterator walks over all
   * of them: with a hundred thousand objects in a bucket, finding the next item took ≈ 13 ms
   * ({@code MerkleUpdateBenchmark}), and the updater's cost grew with every item applied. The
   * family stays the durable record; this set is filled from it at start and after each commit that
   * adds an item, and may briefly hold keys already applied (skipped when found gone).
   */
  private final ConcurrentMap<ByteBuffer, Object> pending = new ConcurrentHashMap<>();

  /**
   * @param partitionOfKey the Merkle partition of a storage key (0 for full-copy tables, the ring
   *     partition of the key's partition hash for sharded ones)
   */
  MerkleTree(MetadataStore store, String table, ToIntFunction<byte[]> partitionOfKey) {
    this.store = store;
    this.table = table;
    this.tree = store.family(treeFamily(table));
    this.todo = store.family(todoFamily(table));
    this.partitionOfKey = partitionOfKey;
    try (ReadOptions options = new ReadOptions()) {
      store.scan(
          todo,
          options,
          it -> {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              pending.put(ByteBuffer.wrap(it.key()), new Object());
            }
            return null;
          });
    }
  }

  /** Garage's tree {@code <table>:merkle_tree}. */
  public static String treeFamily(String table) {
    return table + ":merkle_tree";
  }

  /** Garage's tree {@code <table>:merkle_todo}. */
  public static String todoFamily(String table) {
    return table + ":merkle_todo";
  }

  /** Calls {@code listener} after every commit that left a todo item; the updater wakes on it. */
  public void onTodo(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Records, in the transaction that changed it, that the entry at {@code key} now encodes to bytes
   * hashing to {@code valueHash} (null: it was deleted).
   */
  void todo(StoreTransaction tx, byte[] key, Hash valueHash) {
    tx.put(todo, key, valueHash == null ? DELETED : valueHash.bytes());
    ByteBuffer item = ByteBuffer.wrap(key.clone());
    tx.afterCommit(
        () -> {
          // A new token: an update working on an older one of this key leaves this one in place.
          pending.put(item, new Object());
          listeners.forEach(Runnable::run);
        });
  }

  /** Whether some change may not be in the trie yet. */
  public boolean hasTodo() {
    return !pending.isEmpty();
  }

  /** Whether the trie holds nothing at all, in any partition. */
  boolean isEmpty() {
    try (ReadOptions options = new ReadOptions()) {
      return store.scan(
          tree,
          options,
          it -> {
            it.seekToFirst();
            return !it.isValid();
          });
    }
  }

  /**
   * Applies up to {@code max} todo items to the trie, each in its own transaction (the trie does
   * not depend on the order). The transaction reads the todo item for update: if an insert changes
   * it meanwhile, the commit fails and the item is applied again with its new value, so an item is
   * removed only once what the trie holds is what it says. Returns how many items were looked at.
   */
  public int update(int max) {
    List<Map.Entry<ByteBuffer, Object>> picked = new ArrayList<>();
    for (Map.Entry<ByteBuffer, Object> e : pending.entrySet()) {
      if (picked.size() >= max) {
        break;
      }
      picked.add(Map.entry(e.getKey(), e.getValue()));
    }
    for (Map.Entry<ByteBuffer, Object> item : picked) {
      byte[] key = item.getKey().array();
      store.transact(
          tx -> {
            byte[] value = tx.getForUpdate(todo, key);
            if (value == null) {
              return null; // Applied by a concurrent updater already.
            }
            apply(tx, key, valueHash(value));
            tx.delete(todo, key);
            return null;
          });
      pending.remove(item.getKey(), item.getValue());
    }
    return picked.size();
  }

  /** The hash of a partition's root: {@link MerkleNode#EMPTY_HASH} when it holds nothing. */
  public Hash rootHash(int partition) {
    return node(partition, ROOT).hash();
  }

  /** The committed node of {@code partition} at {@code prefix}; {@link Empty} if none. */
  public MerkleNode node(int partition, byte[] prefix) {
    byte[] stored = store.get(tree, nodeKey(partition, prefix));
    return stored == null ? new Empty() : decodeStored(stored);
  }

  /** The key of a trie node: partition (u16 BE) ‖ prefix. */
  static byte[] nodeKey(int partition, byte[] prefix) {
    if (partition < 0 || partition > 0xFFFF) {
      throw new IllegalArgumentException("partition out of range: " + partition);
    }
    byte[] key = new byte[2 + prefix.length];
    key[0] = (byte) (partition >>> 8);
    key[1] = (byte) partition;
    System.arraycopy(prefix, 0, key, 2, prefix.length);
    return key;
  }

  private void apply(StoreTransaction tx, byte[] key, Hash valueHash) {
    byte[] khash = Blake2.sum(key).bytes();
    update(tx, partitionOfKey.applyAsInt(key), key, khash, ROOT, valueHash);
  }

  /**
   * Sets the item {@code key} to {@code valueHash} (null: removes it) in the subtree at {@code
   * prefix}, and returns that subtree's new hash, or null if nothing changed. Garage's {@code
   * update_item_rec}.
   */
  private Hash update(
      StoreTransaction tx, int partition, byte[] key, byte[] khash, byte[] prefix, Hash valueHash) {
    if (prefix.length >= khash.length) {
      throw new StorageException("Merkle trie of table " + table + " deeper than a hash", null);
    }
    MerkleNode next;
    switch (read(tx, partition, prefix)) {
      case Empty e -> {
        if (valueHash == null) {
          return null;
        }
        next = new Leaf(key, valueHash);
      }
      case Intermediate node -> {
        int index = khash[prefix.length] & 0xFF;
        Hash child = update(tx, partition, key, khash, child(prefix, index), valueHash);
        if (child == null) {
          return null;
        }
        List<Child> children = new ArrayList<>(node.children());
        children.removeIf(c -> c.index() == index);
        if (!child.equals(MerkleNode.EMPTY_HASH)) {
          int at = 0;
          while (at < children.size() && children.get(at).index() < index) {
            at++;
          }
          children.add(at, new Child(index, child));
        }
        next = collapsed(tx, partition, prefix, children);
      }
      case Leaf leaf -> {
        if (Arrays.equals(leaf.key(), key)) {
          if (valueHash == null) {
            next = new Empty();
          } else if (valueHash.equals(leaf.valueHash())) {
            return null;
          } else {
            next = new Leaf(key, valueHash);
          }
        } else {
          if (valueHash == null) {
            return null; // Removing an item this subtree does not hold.
          }
          // Another item lives here: push it one level down under an intermediate node, then
          // insert into that node (which splits again if both khashes share the next byte).
          int index = Blake2.sum(leaf.key()).bytes()[prefix.length] & 0xFF;
          write(tx, partition, child(prefix, index), leaf);
          write(tx, partition, prefix, new Intermediate(List.of(new Child(index, leaf.hash()))));
          return update(tx, partition, key, khash, prefix, valueHash);
        }
      }
    }
    write(tx, partition, prefix, next);
    return next.hash();
  }

  /**
   * The node that holds {@code children}: none left is empty, and a single child that is a leaf
   * moves up in place of its parent, so the trie stays canonical after deletions.
   */
  private MerkleNode collapsed(
      StoreTransaction tx, int partition, byte[] prefix, List<Child> children) {
    if (children.isEmpty()) {
      return new Empty();
    }
    if (children.size() == 1) {
      byte[] only = child(prefix, children.getFirst().index());
      if (read(tx, partition, only) instanceof Leaf leaf) {
        write(tx, partition, only, new Empty());
        return leaf;
      }
    }
    return new Intermediate(children);
  }

  private MerkleNode read(StoreTransaction tx, int partition, byte[] prefix) {
    byte[] stored = tx.getForUpdate(tree, nodeKey(partition, prefix));
    return stored == null ? new Empty() : decodeStored(stored);
  }

  private void write(StoreTransaction tx, int partition, byte[] prefix, MerkleNode node) {
    byte[] key = nodeKey(partition, prefix);
    if (node instanceof Empty) {
      tx.delete(tree, key);
    } else {
      tx.put(tree, key, node.encode());
    }
  }

  private static byte[] child(byte[] prefix, int index) {
    byte[] key = Arrays.copyOf(prefix, prefix.length + 1);
    key[prefix.length] = (byte) index;
    return key;
  }

  private Hash valueHash(byte[] value) {
    if (value.length == 0) {
      return null;
    }
    if (value.length != Hash.LENGTH) {
      throw new StorageException(
          "corrupt Merkle todo item in table " + table + " (" + value.length + " bytes)", null);
    }
    return new Hash(value);
  }

  private MerkleNode decodeStored(byte[] stored) {
    try {
      return MerkleNode.decode(stored);
    } catch (MalformedEntryException e) {
      throw new StorageException("corrupt Merkle node in table " + table, e);
    }
  }
}
