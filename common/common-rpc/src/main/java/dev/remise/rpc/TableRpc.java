package dev.remise.rpc;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.net.URI;

/**
 * Internal RPC served by metadata nodes (port 3901) for every table they hold. Entries travel in
 * their deterministic table encoding ({@code TableSchema.encode}); a batch is an {@code
 * EntryBatch}. The partition key is sent as its 64-hex position hash and the sort key as unpadded
 * base64url, so any byte string can be addressed. The caller (a gateway, layout-admin or another
 * node's insert queue) runs the quorum logic; a node only merges.
 */
public interface TableRpc {

  /**
   * Largest range page a node serves, whatever the caller asks: bounds the memory and time of one
   * call. Callers page on the last sort key they got.
   */
  int MAX_RANGE_LIMIT = 10_000;

  /**
   * Merges each entry into the local table in its own transaction, running the schema's updated
   * hook.
   */
  @RequestLine("POST /v1/tables/{table}/insert")
  @Headers("Content-Type: application/octet-stream")
  void insert(URI node, @Param("table") String table, byte[] entryBatch);

  /**
   * As {@link #insert}, but an entry is merged only if the node holds no other version at least as
   * new as the entry's newest (tables of timestamped versions: the object table). 409 with the
   * newest timestamp the node holds, in decimal, when some entry was refused.
   */
  @RequestLine("POST /v1/tables/{table}/insert-if-newer")
  @Headers("Content-Type: application/octet-stream")
  void insertIfNewer(URI node, @Param("table") String table, byte[] entryBatch);

  /** The encoded entry, or an empty body (HTTP 404) if absent. */
  @RequestLine("GET /v1/tables/{table}/entry?p={p}&s={s}")
  byte[] get(
      URI node,
      @Param("table") String table,
      @Param("p") String partitionHashHex,
      @Param("s") String sortKeyBase64Url);

  /**
   * Entries of one partition key in sort-key order (reverse: descending), starting at {@code start}
   * (inclusive; null = from the first or, reversed, the last), keeping only sort keys with {@code
   * prefix} (null = all) that match the schema's {@code filter} (null = all), at most {@code
   * limit}. Returns an EntryBatch.
   */
  @RequestLine(
      "GET /v1/tables/{table}/range?p={p}&start={start}&prefix={prefix}&filter={filter}&limit={limit}&reverse={reverse}")
  byte[] getRange(
      URI node,
      @Param("table") String table,
      @Param("p") String partitionHashHex,
      @Param("start") String startBase64Url,
      @Param("prefix") String prefixBase64Url,
      @Param("filter") String filter,
      @Param("limit") int limit,
      @Param("reverse") boolean reverse);
}
