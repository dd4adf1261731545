package dev.remise.rpc;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.net.URI;

/**
 * Anti-entropy between metadata nodes (Garage's {@code SyncRpc}, garage-internals §3.7), served on
 * the internal port (3901). Push-only: the node that finds a difference sends its own items; it
 * never pulls, since the peer pushes its items when it syncs in turn. A table's partitions are the
 * 256 ring partitions for sharded tables and the single partition 0 for full-copy ones; each has a
 * Merkle trie whose nodes are addressed by a khash prefix (0 to 32 bytes, sent as hex; empty for
 * the root).
 *
 * <p>Bodies are binary: a root hash is its 32 raw bytes, a node is its Merkle node encoding
 * (version marker {@code remise-merkle-1}), and items are an {@code EntryBatch} of encoded entries.
 * A bad partition or prefix is a 400, an unknown table a 404.
 */
public interface SyncRpc {

  /** The hash of the partition's root node (the hash of the empty node when it holds nothing). */
  @RequestLine("GET /v1/sync/{table}/{partition}/root")
  byte[] rootHash(URI node, @Param("table") String table, @Param("partition") int partition);

  /** The encoded trie node at {@code prefixHex} (the empty node if none is stored there). */
  @RequestLine("GET /v1/sync/{table}/{partition}/node?prefix={prefix}")
  byte[] node(
      URI node,
      @Param("table") String table,
      @Param("partition") int partition,
      @Param("prefix") String prefixHex);

  /**
   * Merges each entry of the batch into the local table, each in its own transaction, with its
   * {@code updated} hook: Garage's {@code Items} message.
   */
  @RequestLine("POST /v1/sync/{table}/items")
  @Headers("Content-Type: application/octet-stream")
  void items(URI node, @Param("table") String table, byte[] entryBatch);
}
