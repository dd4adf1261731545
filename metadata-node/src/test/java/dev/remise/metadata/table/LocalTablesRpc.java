package dev.remise.metadata.table;

import dev.remise.core.Hash;
import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import dev.remise.testkit.RoutedTableRpc;
import java.net.URI;
import java.util.Base64;
import java.util.function.Function;

/**
 * {@link TableRpc} straight onto one node's {@link Tables}, without HTTP: what the table controller
 * does, for tests that run several RocksDB nodes in one process.
 */
public final class LocalTablesRpc implements TableRpc {
  private final Tables tables;

  public LocalTablesRpc(Tables tables) {
    this.tables = tables;
  }

  /**
   * Several nodes in one process: each call goes to the tables {@code resolve} gives for its node
   * address (which may throw, as an unreachable node does).
   */
  public static TableRpc routed(Function<URI, Tables> resolve) {
    return RoutedTableRpc.of(node -> new LocalTablesRpc(resolve.apply(node)));
  }

  @Override
  public void insert(URI node, String table, byte[] entryBatch) {
    tables.get(table).insertEncoded(EntryBatch.decode(entryBatch));
  }

  @Override
  public byte[] get(URI node, String table, String p, String s) {
    byte[] b = tables.get(table).getEncoded(Hash.fromHex(p), decode(s));
    return b == null ? new byte[0] : b;
  }

  @Override
  public byte[] getRange(
      URI node,
      String table,
      String p,
      String start,
      String prefix,
      String filter,
      int limit,
      boolean reverse) {
    return EntryBatch.encode(
        tables
            .get(table)
            .getRangeEncoded(
                Hash.fromHex(p),
                start == null ? null : decode(start),
                prefix == null ? null : decode(prefix),
                filter,
                limit,
                reverse));
  }

  private static byte[] decode(String s) {
    return s == null ? new byte[0] : Base64.getUrlDecoder().decode(s);
  }
}
