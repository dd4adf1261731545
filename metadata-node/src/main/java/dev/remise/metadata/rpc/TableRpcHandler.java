package dev.remise.metadata.rpc;

import dev.remise.core.Hash;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.Tables;
import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What this node does for each {@link TableRpc} call, whether it came over HTTP ({@link
 * TableRpcController}) or from a role of the same process ({@link InProcessTableRpc}): Garage's
 * table RPCs {@code Update}, {@code ReadEntry} and {@code ReadRange}, each a purely local
 * operation. Failures are thrown as they are (bad parameters as {@link BadRpcRequestException});
 * each caller maps them once, {@link RpcErrorResponder#statusOf} deciding the status.
 */
public final class TableRpcHandler {
  private final Tables tables;
  private final Map<String, Counter> puts = new TreeMap<>();
  private final Map<String, Counter> gets = new TreeMap<>();

  public TableRpcHandler(Tables tables, MeterRegistry registry) {
    this.tables = tables;
    for (String table : tables.names()) {
      puts.put(
          table,
          Counter.builder("table_put_request_counter")
              .description("Insert requests served by this node's table")
              .tag("table_name", table)
              .register(registry));
      gets.put(
          table,
          Counter.builder("table_get_request_counter")
              .description("Entry and range reads served by this node's table")
              .tag("table_name", table)
              .register(registry));
    }
  }

  /** Merges each entry of the batch, each in its own transaction. */
  void insert(String table, byte[] entryBatch) {
    LocalTable<?> local = tables.get(table);
    puts.get(table).increment();
    local.insertEncoded(EntryBatch.decode(entryBatch));
  }

  /**
   * Merges each entry unless this node holds another version at least as new; the newest timestamp
   * held among the refusals, empty when every entry was merged.
   */
  OptionalLong insertIfNewer(String table, byte[] entryBatch) {
    LocalTable<?> local = tables.get(table);
    puts.get(table).increment();
    try {
      return local.insertIfNewerEncoded(EntryBatch.decode(entryBatch));
    } catch (UnsupportedOperationException e) {
      throw new BadRpcRequestException(e.getMessage());
    }
  }

  /** The encoded entry, or null when absent. */
  byte[] get(String table, String partitionHashHex, String sortKeyBase64Url) {
    LocalTable<?> local = tables.get(table);
    gets.get(table).increment();
    byte[] sortKey = sortKeyBase64Url == null ? new byte[0] : base64Url("s", sortKeyBase64Url);
    return local.getEncoded(partitionHash(partitionHashHex), sortKey);
  }

  /** An EntryBatch of the matching entries; see {@link TableRpc#getRange}. */
  byte[] getRange(
      String table,
      String partitionHashHex,
      String start,
      String prefix,
      String filter,
      Integer limit,
      boolean reverse) {
    LocalTable<?> local = tables.get(table);
    gets.get(table).increment();
    if (limit != null && limit <= 0) {
      throw new BadRpcRequestException("limit must be positive, got " + limit);
    }
    List<byte[]> entries =
        local.getRangeEncoded(
            partitionHash(partitionHashHex),
            start == null ? null : base64Url("start", start),
            prefix == null ? null : base64Url("prefix", prefix),
            filter,
            limit == null ? TableRpc.MAX_RANGE_LIMIT : Math.min(limit, TableRpc.MAX_RANGE_LIMIT),
            reverse);
    return EntryBatch.encode(entries);
  }

  private static Hash partitionHash(String hex) {
    try {
      return Hash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new BadRpcRequestException("p must be a partition hash of 64 hex digits");
    }
  }

  private static byte[] base64Url(String name, String value) {
    try {
      return Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new BadRpcRequestException(name + " must be unpadded base64url");
    }
  }
}
