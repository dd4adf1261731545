package dev.remise.rpc;

import dev.remise.core.Hash;
import dev.remise.table.EntryBatch;
import dev.remise.table.TableSchema;
import feign.FeignException;
import feign.RetryableException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Typed table calls over {@link TableRpc}. Until the layout and quorums arrive (issues 3 and 4) the
 * node set is a static list: a write must reach every node, a read takes the first node that
 * answers. The merge of the entry is always done by the node; this client only encodes, sends and
 * decodes.
 */
public final class TableClient {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final TableRpc rpc;
  private final List<URI> nodes;

  public TableClient(TableRpc rpc, List<URI> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one metadata node is needed");
    }
    this.rpc = rpc;
    this.nodes = List.copyOf(nodes);
  }

  public <E> void insert(TableSchema<E> table, E entry) {
    insertMany(table, List.of(entry));
  }

  public <E> void insertMany(TableSchema<E> table, List<E> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<byte[]> encoded = new ArrayList<>(entries.size());
    for (E e : entries) {
      encoded.add(table.encode(e));
    }
    byte[] body = EntryBatch.encode(encoded);
    for (URI node : nodes) {
      call(node, () -> rpc.insert(node, table.tableName(), body));
    }
  }

  public <E> Optional<E> get(TableSchema<E> table, Hash partition, byte[] sortKey) {
    RpcUnavailableException last = null;
    for (URI node : nodes) {
      try {
        byte[] b =
            call(
                node,
                () ->
                    rpc.get(node, table.tableName(), partition.hex(), B64.encodeToString(sortKey)));
        return b == null || b.length == 0 ? Optional.empty() : Optional.of(table.decode(b));
      } catch (RpcUnavailableException e) {
        last = e;
      }
    }
    throw last;
  }

  /** See {@link TableRpc#getRange}; {@code start} and {@code prefix} may be null. */
  public <E> List<E> getRange(
      TableSchema<E> table,
      Hash partition,
      byte[] start,
      byte[] prefix,
      String filter,
      int limit,
      boolean reverse) {
    RpcUnavailableException last = null;
    for (URI node : nodes) {
      try {
        byte[] b =
            call(
                node,
                () ->
                    rpc.getRange(
                        node,
                        table.tableName(),
                        partition.hex(),
                        start == null ? null : B64.encodeToString(start),
                        prefix == null ? null : B64.encodeToString(prefix),
                        filter,
                        limit,
                        reverse));
        List<E> out = new ArrayList<>();
        for (byte[] e : EntryBatch.decode(b)) {
          out.add(table.decode(e));
        }
        return out;
      } catch (RpcUnavailableException e) {
        last = e;
      }
    }
    throw last;
  }

  private static void call(URI node, Runnable r) {
    call(
        node,
        () -> {
          r.run();
          return null;
        });
  }

  private static <T> T call(URI node, java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (RetryableException e) {
      throw new RpcUnavailableException(node, e);
    } catch (FeignException e) {
      if (e.status() >= 500 || e.status() < 0) {
        throw new RpcUnavailableException(node, e);
      }
      throw new RpcRejectedException(node, e.status(), e.contentUTF8());
    }
  }
}
