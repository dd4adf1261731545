package dev.remise.metadata.rpc;

import dev.remise.rpc.InProcessRoles;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcUnavailableException;
import dev.remise.rpc.StaleVersionException;
import dev.remise.rpc.TableRpc;
import java.net.URI;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * This node's {@link TableRpc} for the roles of its own process ({@link InProcessRoles}): the calls
 * {@link TableRpcController} serves over HTTP, made directly, with failures turned into what the
 * caller would have made of the HTTP answer (the status from {@link RpcErrorResponder#statusOf}).
 */
public final class InProcessTableRpc implements TableRpc {
  private final TableRpcHandler handler;
  private final URI self;

  /**
   * @param self the address this node advertises, named in the errors
   */
  public InProcessTableRpc(TableRpcHandler handler, URI self) {
    this.handler = handler;
    this.self = self;
  }

  @Override
  public void insert(URI node, String table, byte[] entryBatch) {
    mapped(
        () -> {
          handler.insert(table, entryBatch);
          return null;
        });
  }

  @Override
  public void insertIfNewer(URI node, String table, byte[] entryBatch) {
    OptionalLong refused = mapped(() -> handler.insertIfNewer(table, entryBatch));
    if (refused.isPresent()) {
      throw new StaleVersionException(refused.getAsLong());
    }
  }

  @Override
  public byte[] get(URI node, String table, String partitionHashHex, String sortKeyBase64Url) {
    byte[] entry = mapped(() -> handler.get(table, partitionHashHex, sortKeyBase64Url));
    return entry == null ? new byte[0] : entry;
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
    return mapped(
        () ->
            handler.getRange(
                table, partitionHashHex, startBase64Url, prefixBase64Url, filter, limit, reverse));
  }

  private <T> T mapped(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      int status = RpcErrorResponder.statusOf(e).value();
      if (status >= 500) {
        throw new RpcUnavailableException(self, e);
      }
      throw new RpcRejectedException(self, status, e.getMessage());
    }
  }
}
