package dev.remise.metadata.table;

import dev.remise.core.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;

/**
 * The tombstones of one table waiting for table GC (Garage's {@code gc_todo_v2} tree): column
 * family {@code <table>:gc_todo}, key {@code written at (ms, 8 bytes big-endian) ‖ storage key},
 * value the blake2 hash of the tombstone's encoding. Keyed by time so the due ones are a prefix of
 * the scan. Every replica records its own tombstones in the transaction that wrote them; the GC
 * worker then keeps only those its node leads.
 */
public final class GcTodoList {
  private final MetadataStore store;
  private final ColumnFamilyHandle family;

  /** A tombstone due for collection. */
  public record Candidate(byte[] todoKey, long writtenAtMillis, byte[] storageKey, Hash hash) {}

  public GcTodoList(MetadataStore store, String tableName) {
    this.store = store;
    this.family = store.family(family(tableName));
  }

  public static String family(String tableName) {
    return tableName + ":gc_todo";
  }

  /** Records, in {@code tx}, that the entry at {@code storageKey} became this tombstone. */
  void record(StoreTransaction tx, byte[] storageKey, Hash tombstoneHash, long nowMillis) {
    tx.put(family, todoKey(nowMillis, storageKey), tombstoneHash.bytes());
  }

  /** Up to {@code limit} tombstones recorded at or before {@code untilMillis}, oldest first. */
  public List<Candidate> due(long untilMillis, int limit) {
    try (ReadOptions options = new ReadOptions()) {
      return store.scan(
          family,
          options,
          it -> {
            List<Candidate> out = new ArrayList<>();
            for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
              byte[] key = it.key();
              long at = ByteBuffer.wrap(key, 0, Long.BYTES).getLong();
              if (at > untilMillis) {
                break;
              }
              out.add(
                  new Candidate(
                      key,
                      at,
                      Arrays.copyOfRange(key, Long.BYTES, key.length),
                      new Hash(it.value())));
            }
            return out;
          });
    }
  }

  /** Drops a candidate: collected, superseded, or not this node's to collect. */
  public void remove(Candidate candidate) {
    store.transact(
        tx -> {
          tx.delete(family, candidate.todoKey());
          return null;
        });
  }

  /** Tombstones waiting, for metrics and tests. */
  public int size() {
    try (ReadOptions options = new ReadOptions()) {
      return store.scan(
          family,
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

  private static byte[] todoKey(long millis, byte[] storageKey) {
    return ByteBuffer.allocate(Long.BYTES + storageKey.length)
        .putLong(millis)
        .put(storageKey)
        .array();
  }
}
