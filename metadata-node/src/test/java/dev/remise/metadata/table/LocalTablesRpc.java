package dev.remise.metadata.table;

import dev.remise.metadata.rpc.InProcessTableRpc;
import dev.remise.metadata.rpc.TableRpcHandler;
import dev.remise.rpc.TableRpc;
import dev.remise.testkit.RoutedTableRpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.function.Function;

/**
 * {@link TableRpc} straight onto one node's {@link Tables}, without HTTP ({@link
 * InProcessTableRpc}, what a node's own roles use), for tests that run several RocksDB nodes in one
 * process.
 */
public final class LocalTablesRpc {
  private LocalTablesRpc() {}

  public static TableRpc of(Tables tables) {
    return new InProcessTableRpc(
        new TableRpcHandler(tables, new SimpleMeterRegistry()), URI.create("http://in-process"));
  }

  /**
   * Several nodes in one process: each call goes to the tables {@code resolve} gives for its node
   * address (which may throw, as an unreachable node does).
   */
  public static TableRpc routed(Function<URI, Tables> resolve) {
    return RoutedTableRpc.of(node -> of(resolve.apply(node)));
  }
}
