package dev.remise.block;

import dev.remise.block.MetadataDb.Column;
import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block_ref table and the local reference counts derived from it (Garage's {@code
 * BlockRefTable::updated} and {@code rc.rs}).
 *
 * <p>block_ref is partitioned by the block hash, so its entries live on exactly the nodes that
 * store the block and each node counts references locally: merging an entry and adjusting the count
 * happen in one RocksDB transaction. A count that reaches zero becomes {@link RcEntry.Deletable} at
 * {@code now + blockGcDelay} and is queued for {@link BlockGcWorker}.
 *
 * <p>Locking: every change to a block's count takes the row lock of its {@code block_local_rc} key
 * ({@code getForUpdate}) and holds it to commit; GC deletes the block file while holding that same
 * lock, and a block write touches that row before creating the file. So GC never deletes a block
 * that a concurrent write or reference is keeping. Transactions lock the block_ref key before the
 * count key, always in that order, so they cannot deadlock.
 */
public final class BlockRefStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlockRefStore.class);
  private static final BlockRefTable SCHEMA = BlockRefTable.INSTANCE;

  private final MetadataDb db;
  private final InstantSource clock;
  private final long gcDelayMillis;
  private final AtomicLong pendingDeletion;

  /** Anti-entropy compares a partition in this many sub-ranges (the hash's second byte). */
  public static final int SUB_RANGES = 256;

  /** A block whose deletion is due: its GC queue entry. */
  public record DueBlock(long atMillis, Hash hash) {
    byte[] queueKey() {
      return ByteBuffer.allocate(8 + Hash.LENGTH).putLong(atMillis).put(hash.bytes()).array();
    }

    static DueBlock ofQueueKey(byte[] key) {
      ByteBuffer b = ByteBuffer.wrap(key);
      return new DueBlock(b.getLong(), new Hash(Arrays.copyOfRange(key, 8, key.length)));
    }
  }

  /** Deletes the block's file; runs while GC holds the block's count row lock. */
  @FunctionalInterface
  public interface BlockDeletion {
    void delete(Hash hash) throws IOException;
  }

  public BlockRefStore(MetadataDb db, InstantSource clock, Duration blockGcDelay)
      throws RocksDBException {
    this.db = db;
    this.clock = clock;
    this.gcDelayMillis = blockGcDelay.toMillis();
    this.pendingDeletion = new AtomicLong(countDeletable());
  }

  /**
   * Merges each entry into the local block_ref table, one transaction per entry: read the stored
   * entry, merge (deleted only ever goes from false to true), write if the encoding changed, and
   * adjust the block's count when the entry's liveness changed. A batch that fails half-way may be
   * retried whole: merges are idempotent. Returns how many blocks became deletable.
   */
  public int insert(List<BlockRef> refs) throws RocksDBException {
    return insert(refs, hash -> {});
  }

  /**
   * {@link #insert(List)}, telling {@code becameReferenced} of every block whose count rose from
   * zero: if its data is not here, resync must fetch it.
   */
  public int insert(List<BlockRef> refs, Consumer<Hash> becameReferenced) throws RocksDBException {
    int becameDeletable = 0;
    for (BlockRef ref : refs) {
      if (insert(ref, becameReferenced)) {
        becameDeletable++;
      }
    }
    return becameDeletable;
  }

  private boolean insert(BlockRef ref, Consumer<Hash> becameReferenced) throws RocksDBException {
    byte[] key = TableKey.of(ref.block(), ref.version().bytes());
    try (Transaction tx = db.begin()) {
      byte[] oldBytes = tx.getForUpdate(db.readOptions(), db.column(Column.BLOCK_REF), key, true);
      BlockRef old = oldBytes == null ? null : decodeStored(oldBytes);
      BlockRef merged = old == null ? ref : SCHEMA.merge(old, ref);
      byte[] newBytes = SCHEMA.encode(merged);
      if (Arrays.equals(oldBytes, newBytes)) {
        return false;
      }
      tx.put(db.column(Column.BLOCK_REF), key, newBytes);
      if (merged.deleted() && (old == null || !old.deleted())) {
        tx.put(db.column(Column.BLOCK_REF_GC_TODO), gcTodoKey(clock.millis(), key), new byte[0]);
      }
      boolean wasLive = old != null && !old.deleted();
      boolean isLive = !merged.deleted();
      RcChange change = RcChange.NONE;
      boolean referenced = false;
      if (wasLive != isLive) {
        RcEntry before = lockRc(tx, ref.block());
        RcEntry after =
            isLive ? before.increment() : before.decrement(clock.millis() + gcDelayMillis);
        change = writeRc(tx, ref.block(), before, after);
        referenced = isLive && !(before instanceof RcEntry.Present);
      }
      tx.commit();
      if (referenced) {
        becameReferenced.accept(ref.block());
      }
      return committed(change);
    }
  }

  /**
   * The digests of one partition's entries, for anti-entropy: 256 digests of 32 bytes, one per
   * sub-range (the second byte of the block hash), each over the keys and values of that sub-range
   * in key order; an empty sub-range digests to zeros. Computed by scanning the partition, which
   * costs a read of its entries per pass, instead of keeping a Merkle tree up to date on every
   * write: block_ref entries are small and there is one per block and version.
   */
  public byte[] digests(int partition) throws RocksDBException {
    byte[] out = new byte[SUB_RANGES * Hash.LENGTH];
    byte[] start = {(byte) partition};
    try (RocksIterator it = db.iterator(Column.BLOCK_REF)) {
      Blake2 digest = null;
      int current = -1;
      for (it.seek(start); it.isValid() && (it.key()[0] & 0xff) == partition; it.next()) {
        byte[] key = it.key();
        int sub = key[1] & 0xff;
        if (sub != current) {
          if (digest != null) {
            System.arraycopy(digest.finish().bytes(), 0, out, current * Hash.LENGTH, Hash.LENGTH);
          }
          digest = new Blake2();
          current = sub;
        }
        byte[] value = it.value();
        digest.update(key, 0, key.length);
        digest.update(value, 0, value.length);
      }
      it.status();
      if (digest != null) {
        System.arraycopy(digest.finish().bytes(), 0, out, current * Hash.LENGTH, Hash.LENGTH);
      }
    }
    return out;
  }

  /** The encoded entries of one sub-range of a partition (see {@link #digests}). */
  public List<byte[]> entries(int partition, int subRange) throws RocksDBException {
    List<byte[]> out = new ArrayList<>();
    byte[] start = {(byte) partition, (byte) subRange};
    try (RocksIterator it = db.iterator(Column.BLOCK_REF)) {
      for (it.seek(start);
          it.isValid() && (it.key()[0] & 0xff) == partition && (it.key()[1] & 0xff) == subRange;
          it.next()) {
        out.add(it.value());
      }
      it.status();
    }
    return out;
  }

  /** True if this node stores any entry of {@code partition}. */
  public boolean holdsPartition(int partition) throws RocksDBException {
    try (RocksIterator it = db.iterator(Column.BLOCK_REF)) {
      it.seek(new byte[] {(byte) partition});
      boolean holds = it.isValid() && (it.key()[0] & 0xff) == partition;
      it.status();
      return holds;
    }
  }

  /**
   * Removes entries this node handed over to the partition's holders (Garage's offload), each only
   * if it is still stored exactly as {@code encoded}: one that changed meanwhile was not handed
   * over in that state and stays for the next pass. A live entry leaving lowers its block's count,
   * so a block this node no longer references becomes deletable, and GC offers it to the nodes that
   * need it before deleting it. Returns how many entries were removed.
   */
  public int removeHandedOver(List<byte[]> encoded) throws RocksDBException {
    int removed = 0;
    for (byte[] bytes : encoded) {
      BlockRef ref = decodeStored(bytes);
      byte[] key = TableKey.of(ref.block(), ref.version().bytes());
      try (Transaction tx = db.begin()) {
        byte[] stored = tx.getForUpdate(db.readOptions(), db.column(Column.BLOCK_REF), key, true);
        if (!Arrays.equals(stored, bytes)) {
          continue;
        }
        tx.delete(db.column(Column.BLOCK_REF), key);
        RcChange change = RcChange.NONE;
        if (!ref.deleted()) {
          RcEntry before = lockRc(tx, ref.block());
          change =
              writeRc(tx, ref.block(), before, before.decrement(clock.millis() + gcDelayMillis));
        }
        tx.commit();
        committed(change);
        removed++;
      }
    }
    return removed;
  }

  /**
   * Protects a block that was just written but may never be referenced (the client dropped the
   * upload before its version and block_ref were written): if nothing references it, it becomes
   * deletable at {@code now + blockGcDelay}, a deadline pushed back by every new write. Must run
   * before the block file is written (see the class note on locking). Returns true if a GC queue
   * entry was added.
   */
  public boolean holdUnreferenced(Hash block) throws RocksDBException {
    try (Transaction tx = db.begin()) {
      RcEntry before = lockRc(tx, block);
      long deadline = clock.millis() + gcDelayMillis;
      RcEntry after =
          switch (before) {
            case RcEntry.Present p -> p;
            case RcEntry.Deletable d when d.atMillis() >= deadline -> d;
            case RcEntry.Deletable d -> new RcEntry.Deletable(deadline);
            case RcEntry.Absent a -> new RcEntry.Deletable(deadline);
          };
      RcChange change = writeRc(tx, block, before, after);
      tx.commit();
      return committed(change);
    }
  }

  /** The block's current local reference count. */
  public RcEntry rc(Hash block) throws RocksDBException {
    return RcEntry.decode(db.get(Column.BLOCK_LOCAL_RC, block.bytes()));
  }

  /** The stored block_ref entry, if any. */
  public Optional<BlockRef> get(Hash block, Uuid version) throws RocksDBException {
    return Optional.ofNullable(db.get(Column.BLOCK_REF, TableKey.of(block, version.bytes())))
        .map(BlockRefStore::decodeStored);
  }

  /** Up to {@code limit} GC queue entries whose time has come, earliest first. */
  public List<DueBlock> dueForDeletion(long nowMillis, int limit) throws RocksDBException {
    List<DueBlock> due = new ArrayList<>();
    try (RocksIterator it = db.iterator(Column.BLOCK_GC_QUEUE)) {
      for (it.seekToFirst(); it.isValid() && due.size() < limit; it.next()) {
        DueBlock d = DueBlock.ofQueueKey(it.key());
        if (d.atMillis() > nowMillis) {
          break;
        }
        due.add(d);
      }
      it.status();
    }
    return due;
  }

  /**
   * Handles one GC queue entry: if the block is still deletable and its time has passed, deletes it
   * (via {@code deletion}, under the count's row lock) and drops its count. A block referenced
   * again meanwhile, or whose deadline was pushed back, is left alone: its queue entry was stale.
   * Before deleting, the live block_ref entries are recounted (as Garage's resync does), so a count
   * that drifted low repairs itself instead of losing a referenced block. Returns true if the block
   * was collected.
   */
  public boolean collect(DueBlock due, BlockDeletion deletion)
      throws IOException, RocksDBException {
    try (Transaction tx = db.begin()) {
      tx.delete(db.column(Column.BLOCK_GC_QUEUE), due.queueKey());
      RcEntry before = lockRc(tx, due.hash());
      RcChange change = RcChange.NONE;
      boolean collected = false;
      if (before instanceof RcEntry.Deletable d && d.atMillis() <= clock.millis()) {
        long live = countLiveRefs(due.hash());
        if (live > 0) {
          LOG.warn(
              "block {} was counted unreferenced but has {} live block_ref entries: kept, count"
                  + " repaired",
              due.hash(),
              live);
          change = writeRc(tx, due.hash(), before, new RcEntry.Present(live));
        } else {
          deletion.delete(due.hash());
          change = writeRc(tx, due.hash(), before, RcEntry.ABSENT);
          collected = true;
        }
      }
      tx.commit();
      committed(change);
      return collected;
    }
  }

  /**
   * Moves a GC queue entry to {@code atMillis}: the block could not be handed over yet to a node
   * that needs it, so it is kept until then. The count's own deadline is unchanged.
   */
  public void postpone(DueBlock due, long atMillis) throws RocksDBException {
    try (Transaction tx = db.begin()) {
      tx.delete(db.column(Column.BLOCK_GC_QUEUE), due.queueKey());
      tx.put(
          db.column(Column.BLOCK_GC_QUEUE),
          new DueBlock(atMillis, due.hash()).queueKey(),
          new byte[0]);
      tx.commit();
    }
  }

  /** A tombstone due for table GC: its todo key and its entry as stored. */
  public record Tombstone(byte[] todoKey, byte[] encoded, int partition) {}

  private static byte[] gcTodoKey(long atMillis, byte[] tableKey) {
    return ByteBuffer.allocate(8 + tableKey.length).putLong(atMillis).put(tableKey).array();
  }

  /**
   * Up to {@code limit} tombstones that became tombstones at or before {@code beforeMillis}, oldest
   * first. A todo whose entry is gone (GC'd, or handed over) is dropped on the way.
   */
  public List<Tombstone> tombstonesDue(long beforeMillis, int limit) throws RocksDBException {
    List<Tombstone> out = new ArrayList<>();
    List<byte[]> stale = new ArrayList<>();
    try (RocksIterator it = db.iterator(Column.BLOCK_REF_GC_TODO)) {
      for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
        byte[] todo = it.key();
        if (ByteBuffer.wrap(todo).getLong() > beforeMillis) {
          break;
        }
        byte[] tableKey = Arrays.copyOfRange(todo, 8, todo.length);
        byte[] stored = db.get(Column.BLOCK_REF, tableKey);
        if (stored == null || !decodeStored(stored).deleted()) {
          stale.add(todo);
        } else {
          out.add(new Tombstone(todo, stored, tableKey[0] & 0xff));
        }
      }
      it.status();
    }
    for (byte[] todo : stale) {
      db.delete(Column.BLOCK_REF_GC_TODO, todo);
    }
    return out;
  }

  /** Forgets a todo once its tombstone is collected everywhere. */
  public void dropGcTodo(byte[] todoKey) throws RocksDBException {
    db.delete(Column.BLOCK_REF_GC_TODO, todoKey);
  }

  /** Every block with a count entry, present or deletable (repair blocks, repair blockRc). */
  public List<Hash> countedBlocks() throws RocksDBException {
    List<Hash> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(Column.BLOCK_LOCAL_RC)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(new Hash(it.key()));
      }
      it.status();
    }
    return out;
  }

  /** Every block with a live or deleted block_ref entry here. */
  public List<Hash> referencedBlocks() throws RocksDBException {
    List<Hash> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(Column.BLOCK_REF)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        Hash h = new Hash(Arrays.copyOf(it.key(), Hash.LENGTH));
        if (out.isEmpty() || !out.getLast().equals(h)) {
          out.add(h);
        }
      }
      it.status();
    }
    return out;
  }

  /** The block_ref entries of one block (GetBlockInfo). */
  public List<BlockRef> refsOf(Hash block) throws RocksDBException {
    List<BlockRef> out = new ArrayList<>();
    byte[] prefix = block.bytes();
    try (RocksIterator it = db.iterator(Column.BLOCK_REF)) {
      for (it.seek(prefix);
          it.isValid() && Arrays.equals(it.key(), 0, Hash.LENGTH, prefix, 0, Hash.LENGTH);
          it.next()) {
        out.add(decodeStored(it.value()));
      }
      it.status();
    }
    return out;
  }

  /**
   * Garage's {@code repair block-rc} for one block: sets its count to the number of live block_ref
   * entries, under the count's row lock. A count that drifted to zero references becomes deletable
   * with the usual delay. Returns true if the count was wrong.
   */
  public boolean recount(Hash block) throws RocksDBException {
    try (Transaction tx = db.begin()) {
      RcEntry before = lockRc(tx, block);
      long live = countLiveRefs(block);
      RcEntry after;
      if (live > 0) {
        after = new RcEntry.Present(live);
      } else if (before instanceof RcEntry.Present) {
        after = new RcEntry.Deletable(clock.millis() + gcDelayMillis);
      } else {
        after = before;
      }
      RcChange change = writeRc(tx, block, before, after);
      tx.commit();
      committed(change);
      return !after.equals(before);
    }
  }

  /** Blocks whose count is zero and that await deletion (the pending-deletion gauge). */
  public long pendingDeletion() {
    return pendingDeletion.get();
  }

  private RcEntry lockRc(Transaction tx, Hash block) throws RocksDBException {
    return RcEntry.decode(
        tx.getForUpdate(db.readOptions(), db.column(Column.BLOCK_LOCAL_RC), block.bytes(), true));
  }

  /** What a count change does once its transaction commits. */
  private record RcChange(int pendingDelta, boolean queued) {
    static final RcChange NONE = new RcChange(0, false);
  }

  /**
   * Writes a count change in {@code tx}; a new deletion deadline also gets a GC queue entry (an
   * older entry for the same block becomes stale and is dropped when reached).
   */
  private RcChange writeRc(Transaction tx, Hash block, RcEntry before, RcEntry after)
      throws RocksDBException {
    if (after.equals(before)) {
      return RcChange.NONE;
    }
    var rcColumn = db.column(Column.BLOCK_LOCAL_RC);
    boolean queued = false;
    switch (after) {
      case RcEntry.Absent a -> tx.delete(rcColumn, block.bytes());
      case RcEntry.Present p -> tx.put(rcColumn, block.bytes(), p.encode());
      case RcEntry.Deletable d -> {
        tx.put(rcColumn, block.bytes(), d.encode());
        tx.put(
            db.column(Column.BLOCK_GC_QUEUE),
            new DueBlock(d.atMillis(), block).queueKey(),
            new byte[0]);
        queued = true;
      }
    }
    int delta = (after.isDeletable() ? 1 : 0) - (before.isDeletable() ? 1 : 0);
    return new RcChange(delta, queued);
  }

  /** Applies a committed change to the in-memory gauge; returns whether GC got a new entry. */
  private boolean committed(RcChange change) {
    pendingDeletion.addAndGet(change.pendingDelta());
    return change.queued();
  }

  private long countLiveRefs(Hash block) throws RocksDBException {
    byte[] prefix = block.bytes();
    long live = 0;
    try (RocksIterator it = db.iterator(Column.BLOCK_REF)) {
      for (it.seek(prefix);
          it.isValid() && Arrays.equals(it.key(), 0, Hash.LENGTH, prefix, 0, Hash.LENGTH);
          it.next()) {
        if (!decodeStored(it.value()).deleted()) {
          live++;
        }
      }
      it.status();
    }
    return live;
  }

  private long countDeletable() throws RocksDBException {
    long n = 0;
    try (RocksIterator it = db.iterator(Column.BLOCK_LOCAL_RC)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (RcEntry.decode(it.value()).isDeletable()) {
          n++;
        }
      }
      it.status();
    }
    return n;
  }

  /** Stored entries were written by this node: failing to decode one is corruption, not a 400. */
  private static BlockRef decodeStored(byte[] bytes) {
    try {
      return SCHEMA.decode(bytes);
    } catch (MalformedEntryException e) {
      throw new IllegalStateException("corrupt block_ref entry in the metadata db", e);
    }
  }
}
