package dev.remise.block;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Transaction;
import org.rocksdb.TransactionDB;
import org.rocksdb.TransactionDBOptions;
import org.rocksdb.WriteOptions;

/**
 * The block node's RocksDB ({@code remise.block.metadata-dir}): one {@link TransactionDB} whose
 * column families are Garage's trees for the block manager. Pessimistic transactions: a {@link
 * Transaction#getForUpdate} locks the row until commit, which is what serialises reference-count
 * changes, block writes and GC on the same hash (see {@link BlockRefStore}).
 *
 * <p>Writes go to the WAL without fsync, as Garage's default {@code metadata_fsync = false}: a
 * process crash loses nothing, a power cut may lose the last writes, which replicas and resync
 * repair.
 */
public final class MetadataDb implements AutoCloseable {

  /** Column families; the default one holds node-local settings such as the data dir marker. */
  public enum Column {
    /** block_ref entries: key = block hash ‖ version uuid, value = BlockRefTable encoding. */
    BLOCK_REF("block_ref"),
    /** Local reference counts: key = block hash, value = {@link RcEntry} encoding. */
    BLOCK_LOCAL_RC("block_local_rc"),
    /**
     * Blocks to look at for deletion: key = deletable-at epoch ms (8 bytes BE) ‖ block hash, so the
     * earliest is first (the shape of Garage's resync queue, which will absorb it).
     */
    BLOCK_GC_QUEUE("block_gc_queue"),
    /**
     * Blocks to look at for resync: key = due epoch ms (8 bytes BE) ‖ block hash, value empty
     * (Garage's {@code block_local_resync_queue}).
     */
    BLOCK_RESYNC_QUEUE("block_local_resync_queue"),
    /**
     * Blocks whose last resync failed: key = block hash, value = failure count and last try in
     * epoch ms, 8 bytes BE each (Garage's {@code block_local_resync_errors}).
     */
    BLOCK_RESYNC_ERRORS("block_local_resync_errors"),
    /**
     * block_ref tombstones awaiting table GC: key = epoch ms the entry became a tombstone (8 bytes
     * BE) ‖ its block_ref key, value empty (Garage's {@code gc_todo}).
     */
    BLOCK_REF_GC_TODO("block_ref_gc_todo");

    private final String cfName;

    Column(String cfName) {
      this.cfName = cfName;
    }
  }

  private static final byte[] SCRUB_STATE_KEY = "scrub_state".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_LAYOUT_KEY = "data_layout".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_DIR_MARKER_KEY =
      "data_dir_marker".getBytes(StandardCharsets.US_ASCII);

  private final List<AbstractNativeReference> resources = new ArrayList<>();
  private final TransactionDB db;
  private final ColumnFamilyHandle defaultColumn;
  private final Map<Column, ColumnFamilyHandle> columns = new EnumMap<>(Column.class);
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;

  private MetadataDb(Path dir) throws RocksDBException {
    RocksDB.loadLibrary();
    ColumnFamilyOptions cfOptions = track(new ColumnFamilyOptions());
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column c : Column.values()) {
      descriptors.add(
          new ColumnFamilyDescriptor(c.cfName.getBytes(StandardCharsets.US_ASCII), cfOptions));
    }
    DBOptions dbOptions =
        track(new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true));
    TransactionDBOptions txOptions = track(new TransactionDBOptions());
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      this.db = TransactionDB.open(dbOptions, txOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      resources.reversed().forEach(AbstractNativeReference::close);
      throw e;
    }
    this.defaultColumn = handles.getFirst();
    for (Column c : Column.values()) {
      columns.put(c, handles.get(c.ordinal() + 1));
    }
    this.writeOptions = track(new WriteOptions());
    this.readOptions = track(new ReadOptions());
  }

  public static MetadataDb open(Path dir) throws IOException, RocksDBException {
    Files.createDirectories(dir);
    return new MetadataDb(dir.toAbsolutePath().normalize());
  }

  private <T extends AbstractNativeReference> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  ColumnFamilyHandle column(Column c) {
    return columns.get(c);
  }

  /** Starts a pessimistic transaction; close it (committed or not) to release its row locks. */
  Transaction begin() {
    return db.beginTransaction(writeOptions);
  }

  ReadOptions readOptions() {
    return readOptions;
  }

  /** Reads committed data; null if absent. */
  byte[] get(Column c, byte[] key) throws RocksDBException {
    return db.get(columns.get(c), readOptions, key);
  }

  void put(Column c, byte[] key, byte[] value) throws RocksDBException {
    db.put(columns.get(c), writeOptions, key, value);
  }

  void delete(Column c, byte[] key) throws RocksDBException {
    db.delete(columns.get(c), writeOptions, key);
  }

  /** RocksDB's estimate of a column family's key count, for gauges. */
  long estimateKeys(Column c) {
    try {
      return db.getLongProperty(columns.get(c), "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      return -1;
    }
  }

  /** Iterates committed data of one column family; the caller closes the iterator. */
  RocksIterator iterator(Column c) {
    return db.newIterator(columns.get(c), readOptions);
  }

  /** The id of the data dir this metadata belongs to ({@link DataDir#MARKER_FILE}). */
  public Optional<String> dataDirMarker() throws RocksDBException {
    byte[] v = db.get(defaultColumn, readOptions, DATA_DIR_MARKER_KEY);
    return Optional.ofNullable(v).map(b -> new String(b, StandardCharsets.US_ASCII));
  }

  /** The data layout remembered from the last start (Garage's {@code data_layout}). */
  public Optional<DataLayout> dataLayout() throws RocksDBException {
    byte[] v = db.get(defaultColumn, readOptions, DATA_LAYOUT_KEY);
    return Optional.ofNullable(v).map(DataLayout::decode);
  }

  public void rememberDataLayout(DataLayout layout) {
    try {
      db.put(defaultColumn, writeOptions, DATA_LAYOUT_KEY, layout.encode());
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot store the data layout in the metadata db", e);
    }
  }

  /** The scrub worker's persisted state ({@link ScrubWorker.State}). */
  public Optional<byte[]> scrubState() {
    try {
      return Optional.ofNullable(db.get(defaultColumn, readOptions, SCRUB_STATE_KEY));
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the scrub state from the metadata db", e);
    }
  }

  public void rememberScrubState(byte[] state) {
    try {
      db.put(defaultColumn, writeOptions, SCRUB_STATE_KEY, state);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot store the scrub state in the metadata db", e);
    }
  }

  public void rememberDataDirMarker(String marker) throws RocksDBException {
    db.put(
        defaultColumn,
        writeOptions,
        DATA_DIR_MARKER_KEY,
        marker.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    // Handles before the DB, the DB before the options it was opened with.
    columns.values().forEach(ColumnFamilyHandle::close);
    defaultColumn.close();
    db.close();
    resources.reversed().forEach(AbstractNativeReference::close);
  }
}
