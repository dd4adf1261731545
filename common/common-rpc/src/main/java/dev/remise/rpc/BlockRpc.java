package dev.remise.rpc;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;
import java.net.URI;

/**
 * Internal RPC served by block nodes (port 3905). Called on explicit node addresses taken from the
 * layout: the {@link URI} argument is the node's base URL. Block bodies travel in their stored form
 * ({@link dev.remise.datablock.DataBlock}: plain, or a zstd frame named by the {@code
 * X-Remise-Block-Format} header), one block per call; reads return a streamed {@link Response} so
 * the gateway can forward bytes as they arrive.
 */
public interface BlockRpc {

  /**
   * Stores a block; idempotent (content-addressed). 400 if the body does not decode and hash to
   * {@code hash}.
   *
   * @param format {@code plain} or {@code zstd}
   */
  @RequestLine("PUT /v1/blocks/{hash}")
  @Headers({"Content-Type: application/octet-stream", "X-Remise-Block-Format: {format}"})
  void putBlock(URI node, @Param("hash") String hash, @Param("format") String format, byte[] data);

  /**
   * 200 with the block's stored bytes, streamed, and their form in {@code X-Remise-Block-Format};
   * 404 if this node does not hold it.
   */
  @RequestLine("GET /v1/blocks/{hash}")
  Response getBlock(URI node, @Param("hash") String hash);

  /**
   * Garage's NeedBlockQuery: {@code "true"} if the node references the block and lacks its data, so
   * a node about to delete its copy hands it over first; {@code "false"} otherwise.
   */
  @RequestLine("GET /v1/blocks/{hash}/needed")
  String needBlock(URI node, @Param("hash") String hash);

  /**
   * Merges block_ref entries (an {@code EntryBatch} of {@code BlockRefTable} encodings) into the
   * node's block_ref table, updating local reference counts in the same transaction.
   */
  @RequestLine("POST /v1/tables/block_ref/insert")
  @Headers("Content-Type: application/octet-stream")
  void insertBlockRefs(URI node, byte[] entryBatch);

  /**
   * Merges block_ref entries sent by a peer's anti-entropy or offload: as {@link #insertBlockRefs},
   * but a block that becomes referenced and is missing here is fetched at once, since no upload of
   * it is in flight.
   */
  @RequestLine("POST /v1/tables/block_ref/sync")
  @Headers("Content-Type: application/octet-stream")
  void syncBlockRefs(URI node, byte[] entryBatch);

  /**
   * Table GC's second phase for block_ref tombstones: removes each given entry if it is stored
   * exactly as given (a tombstone every holder already has), so nothing newer is lost.
   */
  @RequestLine("POST /v1/tables/block_ref/delete-if-equal")
  @Headers("Content-Type: application/octet-stream")
  void deleteBlockRefsIfEqual(URI node, byte[] entryBatch);

  /**
   * The encoded block_ref entries of one sub-range of a partition (an {@code EntryBatch}), which
   * anti-entropy pulls where the digests differ.
   */
  @RequestLine("GET /v1/tables/block_ref/entries/{partition}/{subRange}")
  byte[] blockRefEntries(
      URI node, @Param("partition") int partition, @Param("subRange") int subRange);

  /**
   * The digests of one partition's block_ref entries on the node, one 32-byte BLAKE2 digest per
   * sub-range (the second byte of the block hash), 256 of them back to back: anti-entropy compares
   * them and pushes the sub-ranges that differ.
   */
  @RequestLine("GET /v1/tables/block_ref/digests/{partition}")
  byte[] blockRefDigests(URI node, @Param("partition") int partition);
}
