package dev.remise.rpc;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;
import java.net.URI;

/**
 * Internal RPC served by block nodes (port 3905). Called on explicit node addresses taken from the
 * layout: the {@link URI} argument is the node's base URL. Block bodies travel as raw bytes, one
 * block (at most the block size, 1 MiB by default) per call; reads return a streamed {@link
 * Response} so the gateway can forward bytes as they arrive.
 */
public interface BlockRpc {

  /**
   * Stores a block; idempotent (content-addressed). 400 if the body does not hash to {@code hash}.
   */
  @RequestLine("PUT /v1/blocks/{hash}")
  @Headers("Content-Type: application/octet-stream")
  void putBlock(URI node, @Param("hash") String hash, byte[] data);

  /** 200 with the block's plaintext bytes, streamed; 404 if this node does not hold it. */
  @RequestLine("GET /v1/blocks/{hash}")
  Response getBlock(URI node, @Param("hash") String hash);

  /**
   * Merges block_ref entries (an {@code EntryBatch} of {@code BlockRefTable} encodings) into the
   * node's block_ref table, updating local reference counts in the same transaction.
   */
  @RequestLine("POST /v1/tables/block_ref/insert")
  @Headers("Content-Type: application/octet-stream")
  void insertBlockRefs(URI node, byte[] entryBatch);
}
