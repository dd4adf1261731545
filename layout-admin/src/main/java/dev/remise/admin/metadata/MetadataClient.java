package dev.remise.admin.metadata;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.table.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The metadata nodes' tables as layout-admin sees them: read one entry, merge one entry in, read a
 * sorted range. The node does every merge with the table's schema; a caller only sends what it
 * wants merged. Failures surface as {@code RpcUnavailableException} (retry later, 503) or {@code
 * RpcRejectedException} (a bug or a wrong cluster secret).
 */
public interface MetadataClient {

  /** The merged entry, tombstones included; empty if the node never saw it. */
  <E> Optional<E> get(TableSchema<E> table, Hash partition, byte[] sortKey);

  /** Merges {@code entry} into the table on every metadata node. */
  <E> void insert(TableSchema<E> table, E entry);

  /**
   * At most {@code limit} entries of one partition key in sort-key order, from {@code start}
   * (inclusive; null = the first), tombstones included.
   */
  <E> List<E> range(TableSchema<E> table, Hash partition, byte[] start, int limit);

  /**
   * The nodes that store ring partition {@code partition} of {@code table} in some active layout
   * version: the nodes whose index counter totals count that partition's entries.
   */
  List<NodeId> storageNodes(TableSchema<?> table, int partition);

  /**
   * Every entry of one partition key, read page by page. Meant for the full-copy admin tables,
   * which hold one entry per key or bucket: thousands, not millions.
   */
  default <E> List<E> scan(TableSchema<E> table, Hash partition) {
    final int page = 1000;
    List<E> all = new ArrayList<>();
    byte[] start = null;
    while (true) {
      List<E> entries = range(table, partition, start, page);
      all.addAll(entries);
      if (entries.size() < page) {
        return all;
      }
      // The smallest sort key after the last one: start is inclusive.
      byte[] last = table.sortKey(entries.getLast());
      start = Arrays.copyOf(last, last.length + 1);
    }
  }
}
