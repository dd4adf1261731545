package dev.remise.admin.metadata;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.rpc.RpcUnavailableException;
import dev.remise.table.TableKey;
import dev.remise.table.TableSchema;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A metadata node in memory: entries are stored in their table encoding under their storage key,
 * and an insert merges with the schema, as the real node does. So a test also runs every entry
 * through its codec and its CRDT merge. It can play a node that is down for the next few calls.
 * Calls are serialised, as one node's merges are.
 */
public final class InMemoryMetadataClient implements MetadataClient {
  private final Map<String, NavigableMap<byte[], byte[]>> tables = new HashMap<>();
  private final AtomicInteger inserts = new AtomicInteger();
  private final AtomicInteger unavailableCalls = new AtomicInteger();
  private volatile IntFunction<List<NodeId>> storageNodes = p -> List.of();

  /**
   * Who stores each ring partition, for {@link #storageNodes}: nobody by default, as a layout
   * without storage nodes, so every counter reads as zero.
   */
  public void setStorageNodes(IntFunction<List<NodeId>> byPartition) {
    this.storageNodes = byPartition;
  }

  @Override
  public synchronized List<NodeId> storageNodes(TableSchema<?> table, int partition) {
    return storageNodes.apply(partition);
  }

  /** The next {@code calls} calls fail as if no node answered. */
  public void failNext(int calls) {
    unavailableCalls.set(calls);
  }

  /** How many inserts reached this node since it was created. */
  public int inserts() {
    return inserts.get();
  }

  @Override
  public synchronized <E> Optional<E> get(TableSchema<E> table, Hash partition, byte[] sortKey) {
    maybeFail();
    byte[] encoded = table(table).get(TableKey.of(partition, sortKey));
    return Optional.ofNullable(encoded).map(table::decode);
  }

  @Override
  public synchronized <E> void insert(TableSchema<E> table, E entry) {
    maybeFail();
    inserts.incrementAndGet();
    NavigableMap<byte[], byte[]> t = table(table);
    byte[] key = table.storageKey(entry);
    byte[] old = t.get(key);
    E merged = old == null ? entry : table.merge(table.decode(old), entry);
    t.put(key, table.encode(merged));
  }

  @Override
  public synchronized <E> List<E> range(
      TableSchema<E> table, Hash partition, byte[] start, int limit) {
    maybeFail();
    byte[] prefix = TableKey.of(partition, new byte[0]);
    byte[] from = TableKey.of(partition, start == null ? new byte[0] : start);
    List<E> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : table(table).tailMap(from, true).entrySet()) {
      if (out.size() == limit || !startsWith(e.getKey(), prefix)) {
        break;
      }
      out.add(table.decode(e.getValue()));
    }
    return out;
  }

  private NavigableMap<byte[], byte[]> table(TableSchema<?> table) {
    return tables.computeIfAbsent(table.tableName(), n -> new TreeMap<>(Arrays::compareUnsigned));
  }

  private void maybeFail() {
    if (unavailableCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      throw new RpcUnavailableException(
          URI.create("http://127.0.0.1:3901"), new IOException("connection refused"));
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
