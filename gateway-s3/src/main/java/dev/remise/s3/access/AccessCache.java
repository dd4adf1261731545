package dev.remise.s3.access;

import dev.remise.model.admin.FullCopyKeys;
import dev.remise.rpc.TableClient;
import dev.remise.table.TableSchema;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The access keys, bucket aliases and bucket entries every S3 request reads, kept for a short time
 * so a request costs no quorum read of them: across sites that read is a round trip, more than the
 * rest of a small GetObject. Only entries that exist are kept: a key or bucket created a moment ago
 * is read afresh, never denied from the cache. Callers read afresh ({@link #getFresh}) before they
 * deny a request, so a permission granted elsewhere applies at once; what the cache can delay is a
 * revocation made through another gateway or layout-admin. This gateway's own changes replace the
 * cached entry at once ({@link #put}).
 *
 * <p>An entry older than its time to live is still served while a background read refreshes it
 * (stale while revalidate), up to {@link #STALE_FACTOR} times the time to live: a busy gateway
 * never makes a request wait for that read, and a revocation still shows after the time to live
 * plus one read. An entry nobody asked for in that longer window is read before it is served.
 */
public final class AccessCache {
  private final TableClient tables;
  private final InstantSource clock;
  private final long ttlMillis;
  private final int maxEntries;

  /** How many times the time to live an entry may be served while it is being refreshed. */
  static final int STALE_FACTOR = 10;

  private final Map<String, Cached> entries = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private final Executor refresher;

  private record Cached(Object entry, long readAtMillis) {}

  /**
   * @param ttl how long an entry is served without a read; zero disables the cache
   * @param maxEntries beyond this many, the cache starts over (keys and aliases are few)
   */
  public AccessCache(TableClient tables, InstantSource clock, Duration ttl, int maxEntries) {
    this(
        tables,
        clock,
        ttl,
        maxEntries,
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("access-refresh-", 0).factory()));
  }

  /** As above, refreshing stale entries on {@code refresher}. */
  public AccessCache(
      TableClient tables, InstantSource clock, Duration ttl, int maxEntries, Executor refresher) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("the time to live must not be negative");
    }
    this.tables = tables;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.refresher = refresher;
  }

  /**
   * The entry of a full-copy table: from the cache while fresh; from the cache, with a refresh
   * started, while stale; else from a quorum.
   */
  @SuppressWarnings("unchecked") // Entries are stored under their own table's name.
  public <E> Optional<E> get(TableSchema<E> table, byte[] sortKey) {
    String key = key(table, sortKey);
    Cached c = entries.get(key);
    if (c != null) {
      long age = clock.millis() - c.readAtMillis();
      if (age < ttlMillis) {
        return Optional.of((E) c.entry());
      }
      if (age < ttlMillis * STALE_FACTOR) {
        refresh(table, sortKey, key);
        return Optional.of((E) c.entry());
      }
    }
    return getFresh(table, sortKey);
  }

  /** Reads the entry again in the background, once at a time per entry. */
  private void refresh(TableSchema<?> table, byte[] sortKey, String key) {
    if (!refreshing.add(key)) {
      return;
    }
    try {
      refresher.execute(
          () -> {
            try {
              getFresh(table, sortKey);
            } catch (RuntimeException e) {
              // The stale entry stays until its window ends; then a request reads and fails.
            } finally {
              refreshing.remove(key);
            }
          });
    } catch (RuntimeException e) {
      refreshing.remove(key);
    }
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
    entries.put(key, new Cached(entry, clock.millis()));
  }

  private static String key(TableSchema<?> table, byte[] sortKey) {
    return table.tableName() + "/" + HexFormat.of().formatHex(sortKey);
  }
}
