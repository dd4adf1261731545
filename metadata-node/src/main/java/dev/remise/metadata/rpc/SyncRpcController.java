package dev.remise.metadata.rpc;

import dev.remise.core.Hash;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.Tables;
import dev.remise.rpc.SyncRpc;
import dev.remise.table.EntryBatch;
import java.util.HexFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@link SyncRpc}, the receiving side of anti-entropy: a peer that syncs with this node
 * reads its Merkle roots and nodes to find what this node lacks, then pushes those items. Reads see
 * the committed trie, which may lag the table by the Merkle updater's backlog: a peer then pushes a
 * few items this node already has, which the merge makes harmless.
 */
@RestController
@RequestMapping("/v1/sync/{table}")
class SyncRpcController {
  private final Tables tables;

  SyncRpcController(Tables tables) {
    this.tables = tables;
  }

  /** The 32 bytes of the partition's root hash. */
  @GetMapping("/{partition}/root")
  ResponseEntity<byte[]> rootHash(
      @PathVariable("table") String table, @PathVariable("partition") int partition) {
    LocalTable<?> local = tables.get(table);
    Hash root = local.merkle().rootHash(checked(local, partition));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(root.bytes());
  }

  /** The encoded trie node at {@code prefix} (hex, empty for the root). */
  @GetMapping("/{partition}/node")
  ResponseEntity<byte[]> node(
      @PathVariable("table") String table,
      @PathVariable("partition") int partition,
      @RequestParam(name = "prefix", required = false, defaultValue = "") String prefixHex) {
    LocalTable<?> local = tables.get(table);
    byte[] node = local.merkle().node(checked(local, partition), prefix(prefixHex)).encode();
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(node);
  }

  /**
   * Merges pushed items as any insert does (each in its own transaction, with its cascade); a
   * malformed entry rejects the whole batch before anything is written. 204.
   */
  @PostMapping("/items")
  ResponseEntity<Void> items(@PathVariable("table") String table, @RequestBody byte[] body) {
    tables.get(table).insertEncoded(EntryBatch.decode(body));
    return ResponseEntity.noContent().build();
  }

  private static int checked(LocalTable<?> table, int partition) {
    if (partition < 0 || partition >= table.partitionCount()) {
      throw new BadRpcRequestException(
          "table %s has partitions 0 to %d, not %d"
              .formatted(table.name(), table.partitionCount() - 1, partition));
    }
    return partition;
  }

  private static byte[] prefix(String hex) {
    byte[] prefix;
    try {
      prefix = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new BadRpcRequestException("prefix must be hex digits");
    }
    if (prefix.length > Hash.LENGTH) {
      throw new BadRpcRequestException("prefix is at most 32 bytes");
    }
    return prefix;
  }
}
