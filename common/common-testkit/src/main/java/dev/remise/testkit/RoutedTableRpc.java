package dev.remise.testkit;

import dev.remise.rpc.TableRpc;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link TableRpc} for several nodes in one process: each call is handed to a {@link Delivery}
 * (which may fail it, drop it or let it through, as a network would) together with the call on the
 * addressed node's own {@link TableRpc}.
 */
public final class RoutedTableRpc {
  private RoutedTableRpc() {}

  /** How one call reaches its node; {@code onNode} makes it there. */
  @FunctionalInterface
  public interface Delivery {
    Object deliver(URI node, String call, String table, Supplier<?> onNode);
  }

  /** Calls go straight through. */
  public static TableRpc of(Function<URI, TableRpc> nodes) {
    return of(nodes, (node, call, table, onNode) -> onNode.get());
  }

  public static TableRpc of(Function<URI, TableRpc> nodes, Delivery delivery) {
    return new TableRpc() {
      @Override
      public void insert(URI node, String table, byte[] entryBatch) {
        delivery.deliver(
            node,
            "insert",
            table,
            () -> {
              nodes.apply(node).insert(node, table, entryBatch);
              return null;
            });
      }

      @Override
      public void insertIfNewer(URI node, String table, byte[] entryBatch) {
        delivery.deliver(
            node,
            "insertIfNewer",
            table,
            () -> {
              nodes.apply(node).insertIfNewer(node, table, entryBatch);
              return null;
            });
      }

      @Override
      public byte[] get(URI node, String table, String p, String s) {
        return (byte[])
            delivery.deliver(node, "get", table, () -> nodes.apply(node).get(node, table, p, s));
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
        return (byte[])
            delivery.deliver(
                node,
                "getRange",
                table,
                () ->
                    nodes
                        .apply(node)
                        .getRange(node, table, p, start, prefix, filter, limit, reverse));
      }
    };
  }
}
