package dev.remise.metadata.table;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Partition;
import dev.remise.replication.Replication;
import dev.remise.table.InsertQueue;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableKey;
import dev.remise.table.TableSchema;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
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
 *
 * <p>In that same transaction the change is counted in the index counters the schema declares
 * ({@link LocalCounters}), if this node keeps counters: also when an entry leaves the node ({@link
 * #deleteIfEqualHash}), so a node's totals always describe exactly the entries it stores.
 *
 * <p>Every change also leaves a Merkle todo item ({@code merkle_todo[key] = blake2(encoded)}, empty
 * for a deletion) in its transaction, which {@link MerkleTree#update} later folds into the
 * partition's trie: anti-entropy compares those tries, so they must never miss a change.
 */
public final class LocalTable<E> {
  private static final byte[] EMPTY = new byte[0];

  private final MetadataStore store;
  private final TableSchema<E> schema;
  private final PersistentInsertQueue queue;
  private final LocalCounters counters;

  /** Writers of counted entries take turns per stripe ({@link #inTurn}); null without counters. */
  private final ReentrantLock[] stripes;

  private static final int COUNTER_STRIPES = 64;
  private final ColumnFamilyHandle family;
  private final Replication replication;
  private final MerkleTree merkle;
  private final GcTodoList gcTodo;
  private final InstantSource clock;

  /**
   * @param replication where the table's entries live: it gives the Merkle partition of each entry
   *     (the ring partition for sharded tables, 0 for full-copy ones) and, to sync, its peers
   * @param clock dates the tombstones recorded for table GC
   * @param counters this node's index counters; null for a node that keeps none (tests of the
   *     engine alone, which have no node id to publish totals under)
   */
  public LocalTable(
      MetadataStore store,
      TableSchema<E> schema,
      PersistentInsertQueue queue,
      Replication replication,
      InstantSource clock,
      LocalCounters counters) {
    this.store = store;
    this.schema = schema;
    this.queue = queue;
    this.counters = counters;
    this.stripes = counters == null || schema.counters().isEmpty() ? null : newStripes();
    this.family = store.family(familyName(schema.tableName()));
    this.replication = replication;
    this.merkle = new MerkleTree(store, schema.tableName(), this::partitionOfKey);
    this.gcTodo = new GcTodoList(store, schema.tableName());
    this.clock = clock;
    fillMissingTree();
  }

  /**
   * Runs a write of the entry at {@code key}, taking turns with the other writers of its stripe
   * when the table keeps index counters: every write of a bucket's objects updates the bucket's
   * counter row (and its queued counter entry), which under optimistic transactions would make
   * concurrent writers of a busy bucket conflict and run again, and after enough conflicts fail.
   * Entries of one partition key always share a stripe; unrelated ones rarely do.
   */
  private <T> T inTurn(byte[] key, Supplier<T> write) {
    if (stripes == null) {
      return write.get();
    }
    // The partition hash leads the key and is a hash or a random id: its first bytes spread well.
    ReentrantLock stripe = stripes[((key[0] & 0xff) << 8 | (key[1] & 0xff)) % stripes.length];
    stripe.lock();
    try {
      return write.get();
    } finally {
      stripe.unlock();
    }
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

  public Replication replication() {
    return replication;
  }

  /** The tombstones of this table waiting for table GC. */
  public GcTodoList gcTodo() {
    return gcTodo;
  }

  /** The Merkle tries of this table's partitions. */
  public MerkleTree merkle() {
    return merkle;
  }

  /** The Merkle partition of a storage key: its partition hash's, per the replication. */
  public int partitionOfKey(byte[] storageKey) {
    if (storageKey.length < Hash.LENGTH) {
      throw new IllegalArgumentException("a storage key starts with a 32-byte partition hash");
    }
    return replication.partitionOf(new Hash(Arrays.copyOf(storageKey, Hash.LENGTH)));
  }

  /** The partitions this table's Merkle trees and sync are split into. */
  public int partitionCount() {
    return switch (replication) {
      case Replication.Sharded s -> Partition.COUNT;
      case Replication.FullCopy f -> 1;
    };
  }

  /**
   * Merges {@code entry} into the stored one, in one transaction with its cascade. Returns whether
   * the stored entry changed.
   */
  public boolean insert(E entry) {
    byte[] key = schema.storageKey(entry);
    return inTurn(key, () -> insertTransaction(key, entry, false)).changed();
  }

  /**
   * Merges {@code entry} as {@link #insert} does, unless the stored entry already holds another
   * version at least as new as the entry's newest ({@link TableSchema#newerThan}): then nothing is
   * written and the stored entry's newest timestamp is returned, so the writer can try again above
   * it. The check and the merge are one transaction.
   *
   * @throws UnsupportedOperationException when the table's entries carry no timestamped versions
   */
  public OptionalLong insertIfNewer(E entry) {
    // An entry is never newer than itself: this only checks, before anything is written, that the
    // table has timestamped versions at all (UnsupportedOperationException otherwise).
    schema.newerThan(entry, entry);
    byte[] key = schema.storageKey(entry);
    return inTurn(key, () -> insertTransaction(key, entry, true)).refusedBy();
  }

  /**
   * {@link #insertIfNewer} for each entry of a batch, decoded first as in {@link #insertEncoded};
   * returns the newest timestamp among the refusals, empty when every entry was merged.
   */
  public OptionalLong insertIfNewerEncoded(List<byte[]> encodedEntries) {
    List<E> entries = new ArrayList<>(encodedEntries.size());
    for (byte[] encoded : encodedEntries) {
      entries.add(schema.decode(encoded));
    }
    OptionalLong newest = OptionalLong.empty();
    for (E e : entries) {
      OptionalLong refused = insertIfNewer(e);
      if (refused.isPresent() && (newest.isEmpty() || refused.getAsLong() > newest.getAsLong())) {
        newest = refused;
      }
    }
    return newest;
  }

  /** What one insert transaction did. */
  private record Inserted(boolean changed, OptionalLong refusedBy) {
    static final Inserted UNCHANGED = new Inserted(false, OptionalLong.empty());
    static final Inserted CHANGED = new Inserted(true, OptionalLong.empty());
  }

  private Inserted insertTransaction(byte[] key, E entry, boolean onlyIfNewer) {
    return store.transact(
        tx -> {
          byte[] stored = tx.getForUpdate(family, key);
          E old = stored == null ? null : decodeStored(stored, key);
          if (onlyIfNewer && old != null) {
            OptionalLong newer = schema.newerThan(old, entry);
            if (newer.isPresent()) {
              return new Inserted(false, newer);
            }
          }
          E merged = old == null ? entry : schema.merge(old, entry);
          byte[] encoded = schema.encode(merged);
          if (Arrays.equals(stored, encoded)) {
            return Inserted.UNCHANGED;
          }
          tx.put(family, key, encoded);
          // In this transaction, so neither the tree nor table GC can miss a change. Every
          // replica records its tombstones; GC keeps those its node leads.
          Hash hash = Blake2.sum(encoded);
          merkle.todo(tx, key, hash);
          if (schema.isTombstone(merged)) {
            gcTodo.record(tx, key, hash, clock.millis());
          }
          InsertQueue derived = queue.in(tx);
          schema.updated(old, merged, derived);
          if (counters != null) {
            counters.count(tx, schema, old, merged, derived);
          }
          return Inserted.CHANGED;
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

  /**
   * Deletes the entry at {@code storageKey} only if its stored bytes still hash to {@code
   * expected}, with its Merkle deletion, in one transaction; returns whether it deleted. Garage's
   * {@code delete_if_equal_hash}, for table GC and offload: an entry changed since the caller
   * looked at it (a newer write merged in) survives and flows on normally.
   *
   * <p>No {@code updated} hook runs: the entry leaves this node, not the cluster (offload sent it
   * to its storage nodes, GC's tombstone already cascaded when it was written), and the hooks of
   * the model take a present new value. Its counts do leave this node's index counters, as in
   * Garage: a node that offloaded a bucket's objects must stop reporting them.
   */
  public boolean deleteIfEqualHash(byte[] storageKey, Hash expected) {
    byte[] key = storageKey.clone();
    return inTurn(key, () -> deleteTransaction(key, expected));
  }

  private boolean deleteTransaction(byte[] key, Hash expected) {
    return store.transact(
        tx -> {
          byte[] stored = tx.getForUpdate(family, key);
          if (stored == null || !Blake2.sum(stored).equals(expected)) {
            return false;
          }
          tx.delete(family, key);
          merkle.todo(tx, key, null);
          if (counters != null && !schema.counters().isEmpty()) {
            counters.count(tx, schema, decodeStored(stored, key), null, queue.in(tx));
          }
          return true;
        });
  }

  /** The stored bytes at a storage key (what a Merkle leaf names), or null. */
  public byte[] getEncodedByKey(byte[] storageKey) {
    return store.get(family, storageKey);
  }

  /**
   * Up to {@code limit} stored entries of Merkle partition {@code partition}, in key order, with
   * keys strictly after {@code after} (null: from the first). What offload reads and pushes away.
   */
  public List<StoredEntry> partitionEntries(int partition, byte[] after, int limit) {
    byte[] lower;
    byte[] upper;
    switch (replication) {
      case Replication.Sharded s -> {
        // A sharded partition is the keys whose partition hash starts with its index.
        lower = new byte[] {(byte) partition};
        upper = partition == 0xFF ? null : new byte[] {(byte) (partition + 1)};
      }
      case Replication.FullCopy f -> {
        lower = EMPTY;
        upper = null;
      }
    }
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
            List<StoredEntry> out = new ArrayList<>();
            it.seek(after == null ? lower : after);
            if (after != null && it.isValid() && Arrays.equals(it.key(), after)) {
              it.next();
            }
            for (; it.isValid() && out.size() < limit; it.next()) {
              out.add(new StoredEntry(it.key(), it.value()));
            }
            return out;
          });
    }
  }

  /**
   * A store that held entries before Merkle trees existed (or lost its tree families) has entries
   * but neither trie nor todo items: queue every entry once, so the updater builds the tries. A
   * table that is consistent never takes this path, as every entry leaves a todo item until its
   * leaf exists.
   */
  private void fillMissingTree() {
    if (!merkle.isEmpty() || merkle.hasTodo()) {
      return;
    }
    for (int p = 0; p < partitionCount(); p++) {
      byte[] after = null;
      while (true) {
        List<StoredEntry> batch = partitionEntries(p, after, 1024);
        if (batch.isEmpty()) {
          break;
        }
        store.transact(
            tx -> {
              for (StoredEntry e : batch) {
                merkle.todo(tx, e.key(), Blake2.sum(e.value()));
              }
              return null;
            });
        after = batch.getLast().key();
      }
    }
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

  private static ReentrantLock[] newStripes() {
    ReentrantLock[] locks = new ReentrantLock[COUNTER_STRIPES];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
    return locks;
  }
}
