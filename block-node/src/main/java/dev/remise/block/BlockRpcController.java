package dev.remise.block;

import dev.remise.datablock.DataBlock;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.rocksdb.RocksDBException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@link dev.remise.rpc.BlockRpc}, the paths a gateway or peer calls on this node. Every
 * request has passed RpcAuthFilter. Bodies are read as raw bytes with a hard bound, never through a
 * converter that would buffer whatever a caller sends. Failures are thrown and answered by {@link
 * BlockRpcErrorHandler}.
 */
@RestController
final class BlockRpcController {
  private final BlockRpcHandler handler;

  BlockRpcController(BlockRpcHandler handler) {
    this.handler = handler;
  }

  /**
   * 204 once stored (or already present); 400 if the body, in the form {@code
   * X-Remise-Block-Format} names (plain when absent), does not decode and hash to {@code hash}.
   */
  @PutMapping("/v1/blocks/{hash}")
  ResponseEntity<Void> putBlock(
      @PathVariable String hash,
      @RequestHeader(name = DataBlock.FORMAT_HEADER, required = false) String format,
      HttpServletRequest request)
      throws IOException, RocksDBException {
    handler.putBlock(hash, format, readBody(request));
    return ResponseEntity.noContent().build();
  }

  /**
   * 200 with the verified block in its stored form, named by {@code X-Remise-Block-Format}; 404 if
   * absent here, 503 if the local copy is corrupt.
   */
  @GetMapping("/v1/blocks/{hash}")
  void getBlock(@PathVariable String hash, HttpServletResponse response)
      throws IOException, RocksDBException {
    DataBlock block = handler.readBlock(hash);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    response.setHeader(DataBlock.FORMAT_HEADER, block.format().label());
    response.setContentLengthLong(block.storedLength());
    response.getOutputStream().write(block.bytes());
  }

  /** {@code true} if this node references the block and lacks its data (NeedBlockQuery). */
  @GetMapping(value = "/v1/blocks/{hash}/needed", produces = MediaType.TEXT_PLAIN_VALUE)
  String needed(@PathVariable String hash) throws RocksDBException {
    return Boolean.toString(handler.needed(hash));
  }

  /**
   * Merges an {@link dev.remise.table.EntryBatch} of block_ref entries; 204 when all are merged.
   * The whole batch is decoded before anything is written, so a malformed batch (400) changes
   * nothing.
   */
  @PostMapping("/v1/tables/block_ref/insert")
  ResponseEntity<Void> insertBlockRefs(HttpServletRequest request)
      throws IOException, RocksDBException {
    handler.insertRefs(readBody(request));
    return ResponseEntity.noContent().build();
  }

  /** As {@link #insertBlockRefs}, from a peer's anti-entropy or offload: missing blocks at once. */
  @PostMapping("/v1/tables/block_ref/sync")
  ResponseEntity<Void> syncBlockRefs(HttpServletRequest request)
      throws IOException, RocksDBException {
    handler.syncRefs(readBody(request));
    return ResponseEntity.noContent().build();
  }

  /** Table GC's second phase: the given tombstones leave this node if stored exactly so. */
  @PostMapping("/v1/tables/block_ref/delete-if-equal")
  ResponseEntity<Void> deleteIfEqual(HttpServletRequest request)
      throws IOException, RocksDBException {
    handler.deleteRefsIfEqual(readBody(request));
    return ResponseEntity.noContent().build();
  }

  /** The 256 sub-range digests of a partition's block_ref entries, 32 bytes each. */
  @GetMapping(
      value = "/v1/tables/block_ref/digests/{partition}",
      produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  byte[] digests(@PathVariable int partition) throws RocksDBException {
    return handler.digests(partition);
  }

  /** The entries of one sub-range of a partition, as an EntryBatch. */
  @GetMapping(
      value = "/v1/tables/block_ref/entries/{partition}/{subRange}",
      produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  byte[] entries(@PathVariable int partition, @PathVariable int subRange) throws RocksDBException {
    return handler.entries(partition, subRange);
  }

  /**
   * The request body, at most {@code max-block-size} bytes (413 beyond). A declared length over the
   * limit is refused before reading; an undeclared one is read up to one byte past it.
   */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    int max = handler.maxBlockBytes();
    if (request.getContentLengthLong() > max) {
      throw handler.tooLarge();
    }
    byte[] body = request.getInputStream().readNBytes(max + 1);
    if (body.length > max) {
      throw handler.tooLarge();
    }
    return body;
  }
}
