package dev.remise.block;

import dev.remise.datablock.DataBlock;
import dev.remise.rpc.BlockRpc;
import dev.remise.rpc.InProcessRoles;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcUnavailableException;
import feign.Request;
import feign.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * This node's {@link BlockRpc} for the roles of its own process ({@link InProcessRoles}): the calls
 * {@link BlockRpcController} serves over HTTP, made directly. A failed call throws what the caller
 * would have made of the HTTP answer; a block read answers a {@link Response} with the status the
 * controller would have sent (200 with the stored bytes, 404 when absent, 503 when corrupt).
 */
final class InProcessBlockRpc implements BlockRpc {
  private final BlockRpcHandler handler;
  private final URI self;

  InProcessBlockRpc(BlockRpcHandler handler, URI self) {
    this.handler = handler;
    this.self = self;
  }

  /** A call of the handler, which may throw anything the controller would answer as an error. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  @Override
  public void putBlock(URI node, String hash, String format, byte[] data) {
    mapped(
        () -> {
          handler.putBlock(hash, format, data);
          return null;
        });
  }

  @Override
  public Response getBlock(URI node, String hash) {
    Request request =
        Request.create(
            Request.HttpMethod.GET,
            self + "/v1/blocks/" + hash,
            Map.of(),
            null,
            StandardCharsets.UTF_8,
            null);
    DataBlock block;
    try {
      block = handler.readBlock(hash);
    } catch (Exception e) {
      BlockRpcError error = BlockRpcError.of(e);
      if (error.status() == 400) {
        throw new RpcRejectedException(self, 400, e.getMessage());
      }
      return Response.builder()
          .status(error.status())
          .reason(error.code())
          .headers(Map.of())
          .request(request)
          .build();
    }
    Map<String, Collection<String>> headers =
        Map.of(
            DataBlock.FORMAT_HEADER,
            List.of(block.format().label()),
            "Content-Length",
            List.of(Long.toString(block.storedLength())));
    return Response.builder()
        .status(200)
        .headers(headers)
        .body(block.bytes())
        .request(request)
        .build();
  }

  @Override
  public String needBlock(URI node, String hash) {
    return mapped(() -> Boolean.toString(handler.needed(hash)));
  }

  @Override
  public void insertBlockRefs(URI node, byte[] entryBatch) {
    mapped(
        () -> {
          handler.insertRefs(entryBatch);
          return null;
        });
  }

  @Override
  public void syncBlockRefs(URI node, byte[] entryBatch) {
    mapped(
        () -> {
          handler.syncRefs(entryBatch);
          return null;
        });
  }

  @Override
  public void deleteBlockRefsIfEqual(URI node, byte[] entryBatch) {
    mapped(
        () -> {
          handler.deleteRefsIfEqual(entryBatch);
          return null;
        });
  }

  @Override
  public byte[] blockRefEntries(URI node, int partition, int subRange) {
    return mapped(() -> handler.entries(partition, subRange));
  }

  @Override
  public byte[] blockRefDigests(URI node, int partition) {
    return mapped(() -> handler.digests(partition));
  }

  private <T> T mapped(Call<T> call) {
    try {
      return call.run();
    } catch (Exception e) {
      BlockRpcError error = BlockRpcError.of(e);
      if (error.status() >= 500) {
        throw new RpcUnavailableException(self, e);
      }
      throw new RpcRejectedException(self, error.status(), e.getMessage());
    }
  }
}
