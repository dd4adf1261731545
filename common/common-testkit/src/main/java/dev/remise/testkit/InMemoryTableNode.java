package dev.remise.testkit;

import dev.remise.core.Hash;
import dev.remise.rpc.StaleVersionException;
import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import dev.remise.table.TableKey;
import dev.remise.table.TableSchema;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A metadata node in memory behind the {@link TableRpc} contract: entries merged with their schema,
 * range reads with the same start/prefix/filter/limit semantics as the real node. It runs no {@code
 * updated} hooks (cascades are the metadata node's own tests), which tests of gateway logic do not
 * need.
 */
public final class InMemoryTableNode implements TableRpc {
  private final Map<String, TableSchema<?>> schemas = new HashMap<>();
  private final Map<String, NavigableMap<byte[], byte[]>> tables = new HashMap<>();
  private volatile boolean down;
  private final AtomicInteger reads = new AtomicInteger();

  public InMemoryTableNode(List<TableSchema<?>> served) {
    for (TableSchema<?> s : served) {
      schemas.put(s.tableName(), s);
      tables.put(s.tableName(), new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
    }
  }

  /** While down, every call fails as an unreachable node does. */
  public void setDown(boolean down) {
    this.down = down;
  }

  /** Entry and range reads served so far: what a cache in front of this node saved shows here. */
  public int reads() {
    return reads.get();
  }

  public <E> List<E> all(TableSchema<E> schema) {
    List<E> out = new ArrayList<>();
    for (byte[] v : table(schema.tableName()).values()) {
      out.add(schema.decode(v));
    }
    return out;
  }

  @Override
  public synchronized void insert(URI node, String table, byte[] entryBatch) {
    check();
    for (byte[] encoded : EntryBatch.decode(entryBatch)) {
      merge(schemas.get(table), encoded);
    }
  }

  @Override
  public synchronized void insertIfNewer(URI node, String table, byte[] entryBatch) {
    check();
    long refused = Long.MIN_VALUE;
    for (byte[] encoded : EntryBatch.decode(entryBatch)) {
      refused = Math.max(refused, mergeIfNewer(schemas.get(table), encoded));
    }
    if (refused != Long.MIN_VALUE) {
      throw new StaleVersionException(refused);
    }
  }

  /** Merges unless a newer version is held; returns its timestamp then, else Long.MIN_VALUE. */
  private <E> long mergeIfNewer(TableSchema<E> schema, byte[] encoded) {
    E entry = schema.decode(encoded);
    byte[] old = table(schema.tableName()).get(schema.storageKey(entry));
    if (old != null) {
      OptionalLong newer = schema.newerThan(schema.decode(old), entry);
      if (newer.isPresent()) {
        return newer.getAsLong();
      }
    }
    merge(schema, encoded);
    return Long.MIN_VALUE;
  }

  private <E> void merge(TableSchema<E> schema, byte[] encoded) {
    E entry = schema.decode(encoded);
    byte[] key = schema.storageKey(entry);
    byte[] old = table(schema.tableName()).get(key);
    E merged = old == null ? entry : schema.merge(schema.decode(old), entry);
    table(schema.tableName()).put(key, schema.encode(merged));
  }

  @Override
  public byte[] get(URI node, String table, String partitionHashHex, String sortKeyBase64Url) {
    check();
    reads.incrementAndGet();
    byte[] sort =
        sortKeyBase64Url == null ? new byte[0] : Base64.getUrlDecoder().decode(sortKeyBase64Url);
    byte[] v = table(table).get(TableKey.of(Hash.fromHex(partitionHashHex), sort));
    return v == null ? new byte[0] : v;
  }

  @Override
  public byte[] getRange(
      URI node,
      String table,
      String partitionHashHex,
      String startBase64Url,
      String prefixBase64Url,
      String filter,
      int limit,
      boolean reverse) {
    check();
    reads.incrementAndGet();
    TableSchema<?> schema = schemas.get(table);
    byte[] partition = Hash.fromHex(partitionHashHex).bytes();
    byte[] prefix =
        prefixBase64Url == null ? new byte[0] : Base64.getUrlDecoder().decode(prefixBase64Url);
    byte[] start = startBase64Url == null ? null : Base64.getUrlDecoder().decode(startBase64Url);
    NavigableMap<byte[], byte[]> view = reverse ? table(table).descendingMap() : table(table);
    List<byte[]> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
      byte[] key = e.getKey();
      if (!Arrays.equals(key, 0, Hash.LENGTH, partition, 0, Hash.LENGTH)) {
        continue;
      }
      byte[] sort = Arrays.copyOfRange(key, Hash.LENGTH, key.length);
      if (start != null
          && (reverse
              ? Arrays.compareUnsigned(sort, start) > 0
              : Arrays.compareUnsigned(sort, start) < 0)) {
        continue;
      }
      if (sort.length < prefix.length
          || !Arrays.equals(sort, 0, prefix.length, prefix, 0, prefix.length)) {
        continue;
      }
      if (filter != null && !matches(schema, e.getValue(), filter)) {
        continue;
      }
      out.add(e.getValue());
      if (out.size() >= limit) {
        break;
      }
    }
    return EntryBatch.encode(out);
  }

  private static <E> boolean matches(TableSchema<E> schema, byte[] encoded, String filter) {
    return schema.matchesFilter(schema.decode(encoded), filter);
  }

  private NavigableMap<byte[], byte[]> table(String name) {
    NavigableMap<byte[], byte[]> t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no such table " + name);
    }
    return t;
  }

  private void check() {
    if (down) {
      throw new feign.RetryableException(
          -1, "node down", feign.Request.HttpMethod.GET, (Long) null, dummyRequest());
    }
  }

  static feign.Request dummyRequest() {
    return feign.Request.create(
        feign.Request.HttpMethod.GET,
        "http://in-memory",
        Map.of(),
        null,
        java.nio.charset.StandardCharsets.UTF_8,
        null);
  }
}
