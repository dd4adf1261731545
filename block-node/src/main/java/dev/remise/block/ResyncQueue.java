package dev.remise.block;

import dev.remise.block.MetadataDb.Column;
import dev.remise.core.Hash;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Blocks this node should look at again (Garage's {@code resync.rs} queue and error trees): a block
 * it references but lacks, a block found corrupt, a block whose copy must reach its new holders.
 * The queue is ordered by due time, so the earliest work comes first; it lives in the metadata DB,
 * so a restart forgets nothing.
 *
 * <p>A block whose resync failed is retried with exponential backoff, 1 minute doubling up to 64
 * minutes ({@link ErrorRecord#nextTry}), so a block no node holds any more does not spin the
 * worker.
 */
public final class ResyncQueue {
  private static final long BACKOFF_BASE_MILLIS = Duration.ofMinutes(1).toMillis();
  private static final int BACKOFF_MAX_EXPONENT = 6;

  private final MetadataDb db;

  public ResyncQueue(MetadataDb db) {
    this.db = db;
  }

  /** One queued block and when it is due. */
  public record Entry(long atMillis, Hash hash) {
    byte[] key() {
      return ByteBuffer.allocate(8 + Hash.LENGTH).putLong(atMillis).put(hash.bytes()).array();
    }

    static Entry ofKey(byte[] key) {
      ByteBuffer b = ByteBuffer.wrap(key);
      return new Entry(b.getLong(), new Hash(Arrays.copyOfRange(key, 8, key.length)));
    }
  }

  /** How often a block's resync failed in a row, and when it was last tried. */
  public record ErrorRecord(Hash hash, long failures, long lastTryMillis) {
    /** Garage's backoff: 60 s × 2^min(failures − 1, 6), from the last try. */
    public long nextTry() {
      int exponent = (int) Math.min(Math.max(failures - 1, 0), BACKOFF_MAX_EXPONENT);
      return lastTryMillis + (BACKOFF_BASE_MILLIS << exponent);
    }

    byte[] encode() {
      return ByteBuffer.allocate(16).putLong(failures).putLong(lastTryMillis).array();
    }

    static ErrorRecord decode(Hash hash, byte[] value) {
      ByteBuffer b = ByteBuffer.wrap(value);
      return new ErrorRecord(hash, b.getLong(), b.getLong());
    }
  }

  /** Queues {@code hash} to be looked at from {@code atMillis} on. */
  public void schedule(Hash hash, long atMillis) throws RocksDBException {
    db.put(Column.BLOCK_RESYNC_QUEUE, new Entry(atMillis, hash).key(), new byte[0]);
  }

  /** Up to {@code limit} entries, earliest first, due or not. */
  public List<Entry> peek(int limit) throws RocksDBException {
    List<Entry> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(Column.BLOCK_RESYNC_QUEUE)) {
      for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
        out.add(Entry.ofKey(it.key()));
      }
      it.status();
    }
    return out;
  }

  public void remove(Entry entry) throws RocksDBException {
    db.delete(Column.BLOCK_RESYNC_QUEUE, entry.key());
  }

  /** Drops every queued entry (Garage's {@code clearResyncQueue}); returns how many. */
  public long clear() throws RocksDBException {
    long n = 0;
    for (List<Entry> batch = peek(1024); !batch.isEmpty(); batch = peek(1024)) {
      for (Entry e : batch) {
        remove(e);
        n++;
      }
    }
    return n;
  }

  /** RocksDB's estimate of the queue length. */
  public long estimatedLength() {
    return db.estimateKeys(Column.BLOCK_RESYNC_QUEUE);
  }

  /** RocksDB's estimate of how many blocks are in error. */
  public long estimatedErrors() {
    return db.estimateKeys(Column.BLOCK_RESYNC_ERRORS);
  }

  public Optional<ErrorRecord> error(Hash hash) throws RocksDBException {
    return Optional.ofNullable(db.get(Column.BLOCK_RESYNC_ERRORS, hash.bytes()))
        .map(v -> ErrorRecord.decode(hash, v));
  }

  /** Counts one more failure at {@code nowMillis}; returns the updated record. */
  public ErrorRecord recordFailure(Hash hash, long nowMillis) throws RocksDBException {
    long failures = error(hash).map(ErrorRecord::failures).orElse(0L) + 1;
    ErrorRecord r = new ErrorRecord(hash, failures, nowMillis);
    db.put(Column.BLOCK_RESYNC_ERRORS, hash.bytes(), r.encode());
    return r;
  }

  public void clearError(Hash hash) throws RocksDBException {
    db.delete(Column.BLOCK_RESYNC_ERRORS, hash.bytes());
  }

  /** Every block in error, by hash (ListBlockErrors). */
  public List<ErrorRecord> errors(int limit) throws RocksDBException {
    List<ErrorRecord> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(Column.BLOCK_RESYNC_ERRORS)) {
      for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
        out.add(ErrorRecord.decode(new Hash(it.key()), it.value()));
      }
      it.status();
    }
    return out;
  }

  /**
   * Makes blocks in error due now (Garage's RetryBlockResync): their error record is kept, but
   * reset so the next try is immediate. Returns how many were rescheduled.
   */
  public long retryNow(List<Hash> hashes, long nowMillis) throws RocksDBException {
    long n = 0;
    for (Hash h : hashes) {
      Optional<ErrorRecord> e = error(h);
      if (e.isPresent()) {
        db.put(
            Column.BLOCK_RESYNC_ERRORS,
            h.bytes(),
            new ErrorRecord(h, e.get().failures(), 0).encode());
        schedule(h, nowMillis);
        n++;
      }
    }
    return n;
  }
}
