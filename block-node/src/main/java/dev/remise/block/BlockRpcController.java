package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.table.EntryBatch;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@link dev.remise.rpc.BlockRpc}, the paths a gateway or peer calls on this node. Every
 * request has passed RpcAuthFilter. Bodies are read as raw bytes with a hard bound, never through a
 * converter that would buffer whatever a caller sends. Failures are thrown and answered by {@link
 * BlockRpcErrorHandler}.
 */
@RestController
final class BlockRpcController {
  private final BlockManager blocks;
  private final int maxBodyBytes;

  BlockRpcController(BlockManager blocks, BlockNodeProperties properties) {
    this.blocks = blocks;
    this.maxBodyBytes = (int) properties.maxBlockSize().toBytes();
  }

  /** 204 once stored (or already present); 400 if the body does not hash to {@code hash}. */
  @PutMapping("/v1/blocks/{hash}")
  ResponseEntity<Void> putBlock(@PathVariable String hash, HttpServletRequest request)
      throws IOException, RocksDBException {
    Hash h = Hash.fromHex(hash);
    blocks.putBlock(h, readBody(request));
    return ResponseEntity.noContent().build();
  }

  /** 200 with the verified block, 404 if absent here, 503 if the local copy is corrupt. */
  @GetMapping("/v1/blocks/{hash}")
  void getBlock(@PathVariable String hash, HttpServletResponse response) throws IOException {
    Hash h = Hash.fromHex(hash);
    byte[] data =
        blocks
            .readBlock(h)
            .orElseThrow(
                () ->
                    new BlockRpcException(
                        BlockRpcError.NO_SUCH_BLOCK, "block " + h + " is not on this node"));
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    response.setContentLengthLong(data.length);
    response.getOutputStream().write(data);
  }

  /**
   * Merges an {@link EntryBatch} of block_ref entries; 204 when all are merged. The whole batch is
   * decoded before anything is written, so a malformed batch (400) changes nothing.
   */
  @PostMapping("/v1/tables/block_ref/insert")
  ResponseEntity<Void> insertBlockRefs(HttpServletRequest request)
      throws IOException, RocksDBException {
    List<BlockRef> refs =
        EntryBatch.decode(readBody(request)).stream().map(BlockRefTable.INSTANCE::decode).toList();
    blocks.insertRefs(refs);
    return ResponseEntity.noContent().build();
  }

  /**
   * The request body, at most {@code max-block-size} bytes (413 beyond). A declared length over the
   * limit is refused before reading; an undeclared one is read up to one byte past it.
   */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      throw tooLarge();
    }
    return body;
  }

  private BlockRpcException tooLarge() {
    return new BlockRpcException(
        BlockRpcError.ENTITY_TOO_LARGE, "request body exceeds " + maxBodyBytes + " bytes");
  }
}
