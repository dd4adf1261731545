package dev.remise.metadata.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.Transaction;
import org.rocksdb.WriteOptions;

/**
 * The metadata database of one node, Garage's {@code db} crate: a single RocksDB {@link
 * OptimisticTransactionDB} whose column families play the part of Garage's named trees ({@code
 * <table>:table}, the shared {@code insert_queue}, later Merkle and GC trees). One database for all
 * of them is what lets an entry change and everything derived from it commit atomically.
 *
 * <p>Transactions are optimistic: every key read with {@link StoreTransaction#getForUpdate} is
 * checked at commit, and a transaction that lost a race with a concurrent writer is run again from
 * the start on fresh data. A transaction body must therefore have no effect outside its {@link
 * StoreTransaction}, except through {@link StoreTransaction#afterCommit}.
 *
 * <p>Writes are sync'ed to disk only with {@code fsync} (Garage's {@code metadata_fsync}, off by
 * default): without it the write-ahead log still survives a process crash, but not a power loss,
 * which the other replicas repair.
 */
public final class MetadataStore implements AutoCloseable {
  /**
   * Conflicts are rare (two writers on one key within microseconds); this many in a row means
   * something is wrong, and failing beats spinning.
   */
  private static final int MAX_ATTEMPTS = 64;

  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final OptimisticTransactionDB db;
  private final List<ColumnFamilyHandle> handles;
  private final Map<String, ColumnFamilyHandle> families;

  /**
   * RocksDB's Java handles crash the JVM (not throw) when used after close; every operation holds
   * the read lock and close takes the write lock, so late requests fail cleanly instead.
   */
  private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();

  private boolean closed;

  private MetadataStore(
      DBOptions dbOptions,
      ColumnFamilyOptions familyOptions,
      WriteOptions writeOptions,
      OptimisticTransactionDB db,
      List<ColumnFamilyHandle> handles,
      Map<String, ColumnFamilyHandle> families) {
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.writeOptions = writeOptions;
    this.readOptions = new ReadOptions();
    this.db = db;
    this.handles = handles;
    this.families = families;
  }

  /**
   * Opens (creating if needed) the database in {@code dir} with at least the column families {@code
   * familyNames}. Families already on disk are opened too, as RocksDB requires, so data of a table
   * this version no longer serves is kept rather than refused.
   */
  public static MetadataStore open(Path dir, boolean fsync, Collection<String> familyNames)
      throws IOException {
    RocksDB.loadLibrary();
    Files.createDirectories(dir);
    String path = dir.toAbsolutePath().toString();
    Set<String> names = new LinkedHashSet<>();
    names.add(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8));
    names.addAll(existingFamilies(dir, path));
    names.addAll(familyNames);

    DBOptions dbOptions =
        new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
    WriteOptions writeOptions = new WriteOptions().setSync(fsync);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : names) {
      descriptors.add(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      OptimisticTransactionDB db =
          OptimisticTransactionDB.open(dbOptions, path, descriptors, handles);
      Map<String, ColumnFamilyHandle> families = new TreeMap<>();
      int i = 0;
      for (String name : names) {
        families.put(name, handles.get(i++));
      }
      return new MetadataStore(dbOptions, familyOptions, writeOptions, db, handles, families);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      writeOptions.close();
      familyOptions.close();
      dbOptions.close();
      throw new IOException("cannot open metadata database in " + path, e);
    }
  }

  private static List<String> existingFamilies(Path dir, String path) throws IOException {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return List.of();
    }
    try (Options options = new Options()) {
      List<String> names = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(options, path)) {
        names.add(new String(name, StandardCharsets.UTF_8));
      }
      return names;
    } catch (RocksDBException e) {
      throw new IOException("cannot list column families of " + path, e);
    }
  }

  /** The handle of a column family opened with the store. */
  ColumnFamilyHandle family(String name) {
    ColumnFamilyHandle handle = families.get(name);
    if (handle == null) {
      throw new IllegalArgumentException("column family " + name + " was not opened");
    }
    return handle;
  }

  /** A transaction body; it may run several times, see the class note. */
  @FunctionalInterface
  interface TransactionBody<T> {
    T run(StoreTransaction tx);
  }

  /**
   * Runs {@code body} in a transaction and commits it, running it again if a key it read was
   * written concurrently; then runs the transaction's after-commit actions.
   */
  <T> T transact(TransactionBody<T> body) {
    return guarded(
        () -> {
          for (int attempt = 1; ; attempt++) {
            try (Transaction txn = db.beginTransaction(writeOptions)) {
              StoreTransaction tx = new StoreTransaction(txn, readOptions);
              T result = body.run(tx);
              try {
                txn.commit();
              } catch (RocksDBException e) {
                if (isConflict(e) && attempt < MAX_ATTEMPTS) {
                  // Closing the transaction discards its writes; run again on fresh data.
                  continue;
                }
                throw new StorageException("commit failed after " + attempt + " attempts", e);
              }
              tx.runAfterCommit();
              return result;
            }
          }
        });
  }

  private static boolean isConflict(RocksDBException e) {
    Status status = e.getStatus();
    // Busy: a key this transaction read was written since. TryAgain: the memtable no longer holds
    // enough history to tell, so RocksDB asks for a retry.
    return status != null
        && (status.getCode() == Status.Code.Busy || status.getCode() == Status.Code.TryAgain);
  }

  /** The committed value of {@code key}, or null. */
  byte[] get(ColumnFamilyHandle family, byte[] key) {
    return guarded(
        () -> {
          try {
            return db.get(family, readOptions, key);
          } catch (RocksDBException e) {
            throw new StorageException("read failed", e);
          }
        });
  }

  /** A scan over committed data; the iterator is only valid inside {@code scan}. */
  @FunctionalInterface
  interface Scan<T> {
    T run(RocksIterator iterator) throws RocksDBException;
  }

  /** Runs {@code scan} over an iterator of {@code family} built with {@code options}. */
  <T> T scan(ColumnFamilyHandle family, ReadOptions options, Scan<T> scan) {
    return guarded(
        () -> {
          try (RocksIterator it = db.newIterator(family, options)) {
            T result = scan.run(it);
            it.status();
            return result;
          } catch (RocksDBException e) {
            throw new StorageException("scan failed", e);
          }
        });
  }

  /**
   * RocksDB's sequence number, bumped by every committed write: lets tests check that a no-op write
   * really wrote nothing.
   */
  long latestSequenceNumber() {
    return guarded(db::getLatestSequenceNumber);
  }

  private <T> T guarded(Supplier<T> operation) {
    closeLock.readLock().lock();
    try {
      if (closed) {
        throw new StorageException("metadata store is closed", null);
      }
      return operation.get();
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    closeLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Column families before the database, options last: RocksDB's documented order.
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      readOptions.close();
      writeOptions.close();
      familyOptions.close();
      dbOptions.close();
    } finally {
      closeLock.writeLock().unlock();
    }
  }
}
