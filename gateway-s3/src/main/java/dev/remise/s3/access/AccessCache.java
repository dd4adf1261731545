package dev.remise.s3.access;

import dev.remise.model.admin.FullCopyKeys;
import dev.remise.rpc.TableClient;
import dev.remise.table.TableSchema;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access keys and bucket aliases every S3 request reads, kept for a short time so a request
 * costs no quorum read of them. Only entries that exist are kept: a key or bucket created a moment
 * ago is read afresh, never denied from the cache. Callers read afresh ({@link #getFresh}) before
 * they deny a request, so a permission granted elsewhere applies at once; what the cache can delay
 * is a revocation made through another gateway or layout-admin, by at most the time to live. This
 * gateway's own changes replace the cached entry at once ({@link #put}).
 */
public final class AccessCache {
  private final TableClient tables;
  private final InstantSource clock;
  private final long ttlMillis;
  private final int maxEntries;
  private final Map<String, Cached> entries = new ConcurrentHashMap<>();

  private record Cached(Object entry, long expiresAtMillis) {}

  /**
   * @param ttl how long an entry is served without a read; zero disables the cache
   * @param maxEntries beyond this many, the cache starts over (keys and aliases are few)
   */
  public AccessCache(TableClient tables, InstantSource clock, Duration ttl, int maxEntries) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("the time to live must not be negative");
    }
    this.tables = tables;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
  }

  /** The entry of a full-copy table, from the cache while fresh enough, else from a quorum. */
  @SuppressWarnings("unchecked") // Entries are stored under their own table's name.
  public <E> Optional<E> get(TableSchema<E> table, byte[] sortKey) {
    Cached c = entries.get(key(table, sortKey));
    if (c != null && clock.millis() < c.expiresAtMillis()) {
      return Optional.of((E) c.entry());
    }
    return getFresh(table, sortKey);
  }

  /** The entry read from a quorum, which then replaces the cached one. */
  public <E> Optional<E> getFresh(TableSchema<E> table, byte[] sortKey) {
    Optional<E> read = tables.get(table, FullCopyKeys.PARTITION, sortKey);
    String key = key(table, sortKey);
    if (read.isPresent()) {
      remember(key, read.get());
    } else {
      entries.remove(key);
    }
    return read;
  }

  /** Writes an entry through to its quorum, then caches the merged result of this write. */
  public <E> void put(TableSchema<E> table, E entry) {
    tables.insert(table, entry);
    // The stored entry is the merge of this one with what the nodes held: drop rather than guess.
    entries.remove(key(table, table.sortKey(entry)));
  }

  private void remember(String key, Object entry) {
    if (ttlMillis == 0) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Cached(entry, clock.millis() + ttlMillis));
  }

  private static String key(TableSchema<?> table, byte[] sortKey) {
    return table.tableName() + "/" + HexFormat.of().formatHex(sortKey);
  }
}
