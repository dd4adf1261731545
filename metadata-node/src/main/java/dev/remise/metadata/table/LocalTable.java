package dev.remise.metadata.table;

import dev.remise.core.Hash;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableKey;
import dev.remise.table.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The local half of one of Garage's tables ({@code table/data.rs}): the entries this node stores in
 * the column family {@code <name>:table}, keyed by {@code partition hash ‖ sort key} so the entries
 * of one partition key are contiguous and sorted.
 *
 * <p>{@link #insert} is Garage's {@code update_entry_with}: one transaction reads the stored entry,
 * merges the new one into it (a CRDT join, so replicas converge whatever order updates arrive in),
 * and, only if the encoding changed, writes it and runs the schema's {@code updated} hook, whose
 * derived writes go to the insert queue in that same transaction. An entry therefore never changes
 * without its cascade being queued, nor the reverse, even across a crash; and an update that
 * changes nothing writes nothing and cascades nothing, which keeps repeated deliveries (retries,
 * read repair, sync) free.
 */
public final class LocalTable<E> {
  private static final byte[] EMPTY = new byte[0];

  private final MetadataStore store;
  private final TableSchema<E> schema;
  private final PersistentInsertQueue queue;
  private final ColumnFamilyHandle family;

  public LocalTable(MetadataStore store, TableSchema<E> schema, PersistentInsertQueue queue) {
    this.store = store;
    this.schema = schema;
    this.queue = queue;
    this.family = store.family(familyName(schema.tableName()));
  }

  /** The column family holding a table's entries (Garage's tree {@code <name>:table}). */
  public static String familyName(String tableName) {
    return tableName + ":table";
  }

  public String name() {
    return schema.tableName();
  }

  public TableSchema<E> schema() {
    return schema;
  }

  /**
   * Merges {@code entry} into the stored one, in one transaction with its cascade. Returns whether
   * the stored entry changed.
   */
  public boolean insert(E entry) {
    byte[] key = schema.storageKey(entry);
    return store.transact(
        tx -> {
          byte[] stored = tx.getForUpdate(family, key);
          E old = stored == null ? null : decodeStored(stored, key);
          E merged = old == null ? entry : schema.merge(old, entry);
          byte[] encoded = schema.encode(merged);
          if (Arrays.equals(stored, encoded)) {
            return false;
          }
          tx.put(family, key, encoded);
          // Issue 4 (Merkle trees): merkle_todo[key] = blake2(encoded) is written here, in this
          // transaction, so the tree can never miss a change; and after commit, a tombstone
          // gets a GC todo entry on the partition's first storage node.
          schema.updated(old, merged, queue.in(tx));
          return true;
        });
  }

  /**
   * Decodes every entry first, so a malformed one ({@link MalformedEntryException}) rejects the
   * whole batch before anything is written; then inserts each in its own transaction, as Garage's
   * {@code update_many}.
   */
  public void insertEncoded(List<byte[]> encodedEntries) {
    List<E> entries = new ArrayList<>(encodedEntries.size());
    for (byte[] encoded : encodedEntries) {
      entries.add(schema.decode(encoded));
    }
    entries.forEach(this::insert);
  }

  /** The stored entry, if any. */
  public Optional<E> get(Hash partitionHash, byte[] sortKey) {
    byte[] key = TableKey.of(partitionHash, sortKey);
    byte[] stored = store.get(family, key);
    return stored == null ? Optional.empty() : Optional.of(decodeStored(stored, key));
  }

  /** The stored entry in its table encoding, or null: what a read RPC sends as is. */
  public byte[] getEncoded(Hash partitionHash, byte[] sortKey) {
    return store.get(family, TableKey.of(partitionHash, sortKey));
  }

  /** {@link #getRangeEncoded}, decoded. */
  public List<E> getRange(
      Hash partitionHash, byte[] start, byte[] prefix, String filter, int limit, boolean reverse) {
    List<byte[]> encoded = getRangeEncoded(partitionHash, start, prefix, filter, limit, reverse);
    List<E> entries = new ArrayList<>(encoded.size());
    for (byte[] e : encoded) {
      entries.add(decodeStored(e, null));
    }
    return entries;
  }

  /**
   * The entries of one partition key in sort-key order (descending if {@code reverse}), from {@code
   * start} inclusive (null: the first, or reversed the last), whose sort key starts with {@code
   * prefix} (null: any) and that match the schema's {@code filter} (null: all), at most {@code
   * limit} of them. The filter is applied before the limit, so a page is not starved by tombstones.
   * An unknown filter fails with {@link UnknownFilterException} once it meets an entry.
   */
  public List<byte[]> getRangeEncoded(
      Hash partitionHash, byte[] start, byte[] prefix, String filter, int limit, boolean reverse) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    // The scan is bounded to [partition ‖ prefix, successor(partition ‖ prefix)): RocksDB stops at
    // the bounds itself, so no key of a neighbouring partition is ever read.
    byte[] lower = TableKey.of(partitionHash, prefix == null ? EMPTY : prefix);
    byte[] upper = successor(lower);
    byte[] from = start == null ? null : TableKey.of(partitionHash, start);
    try (Slice lowerBound = new Slice(lower);
        Slice upperBound = upper == null ? null : new Slice(upper);
        ReadOptions options = new ReadOptions().setIterateLowerBound(lowerBound)) {
      if (upperBound != null) {
        options.setIterateUpperBound(upperBound);
      }
      return store.scan(
          family,
          options,
          it -> {
            List<byte[]> out = new ArrayList<>(Math.min(limit, 256));
            if (!position(it, from, lower, upper, reverse)) {
              return out;
            }
            while (it.isValid() && out.size() < limit) {
              byte[] value = it.value();
              if (filter == null || matches(decodeStored(value, it.key()), filter)) {
                out.add(value);
              }
              if (reverse) {
                it.prev();
              } else {
                it.next();
              }
            }
            return out;
          });
    }
  }

  /** Places the iterator on the first entry to return; false if there is none. */
  private static boolean position(
      RocksIterator it, byte[] from, byte[] lower, byte[] upper, boolean reverse) {
    if (!reverse) {
      it.seek(from == null || Arrays.compareUnsigned(from, lower) < 0 ? lower : from);
      return true;
    }
    if (from != null && Arrays.compareUnsigned(from, lower) < 0) {
      return false;
    }
    if (from == null || (upper != null && Arrays.compareUnsigned(from, upper) >= 0)) {
      // Honours the upper bound: the last key below it.
      it.seekToLast();
    } else {
      it.seekForPrev(from);
    }
    return true;
  }

  /**
   * The smallest byte string greater than every string starting with {@code prefix}, or null if
   * there is none (the prefix is all 0xFF).
   */
  static byte[] successor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] next = Arrays.copyOf(prefix, i + 1);
        next[i]++;
        return next;
      }
    }
    return null;
  }

  private boolean matches(E entry, String filter) {
    try {
      return schema.matchesFilter(entry, filter);
    } catch (IllegalArgumentException e) {
      // TableSchema's contract: an unknown filter is rejected with IllegalArgumentException.
      throw new UnknownFilterException(e.getMessage());
    }
  }

  /**
   * Decodes bytes read from this node's own database. Failure here is corruption (or a format this
   * version cannot read), not a bad request, hence a {@link StorageException}.
   */
  private E decodeStored(byte[] stored, byte[] key) {
    try {
      return schema.decode(stored);
    } catch (MalformedEntryException e) {
      String where = key == null ? "" : " at key " + HexFormat.of().formatHex(key);
      throw new StorageException("corrupt entry in table " + name() + where, e);
    }
  }
}
