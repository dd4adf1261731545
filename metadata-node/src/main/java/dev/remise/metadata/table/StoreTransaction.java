package dev.remise.metadata.table;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Transaction;

/**
 * One attempt of a {@link MetadataStore} transaction: reads that are checked for conflicts at
 * commit, buffered writes, and actions to run only once the writes are durable (wake a worker,
 * adjust an in-memory count), so an attempt that is rolled back and re-run leaves no trace.
 */
public final class StoreTransaction {
  private final Transaction txn;
  private final ReadOptions readOptions;
  private final List<Runnable> afterCommit = new ArrayList<>();

  StoreTransaction(Transaction txn, ReadOptions readOptions) {
    this.txn = txn;
    this.readOptions = readOptions;
  }

  /**
   * Reads {@code key}, seeing this transaction's own writes; the commit fails (and the body is
   * re-run) if another transaction wrote the key in the meantime.
   */
  byte[] getForUpdate(ColumnFamilyHandle family, byte[] key) {
    try {
      return txn.getForUpdate(readOptions, family, key, true);
    } catch (RocksDBException e) {
      throw new StorageException("read failed", e);
    }
  }

  void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
    try {
      txn.put(family, key, value);
    } catch (RocksDBException e) {
      throw new StorageException("write failed", e);
    }
  }

  void delete(ColumnFamilyHandle family, byte[] key) {
    try {
      txn.delete(family, key);
    } catch (RocksDBException e) {
      throw new StorageException("delete failed", e);
    }
  }

  /** Runs {@code action} after this attempt commits; never if it is rolled back. */
  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  void runAfterCommit() {
    afterCommit.forEach(Runnable::run);
  }
}
