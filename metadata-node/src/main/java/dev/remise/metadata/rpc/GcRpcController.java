package dev.remise.metadata.rpc;

import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.Tables;
import dev.remise.rpc.GcRpc;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@link GcRpc}: the second phase of table GC on a replica. Every item is checked before any
 * is deleted, so a malformed batch deletes nothing (400).
 */
@RestController
class GcRpcController {
  private final Tables tables;

  GcRpcController(Tables tables) {
    this.tables = tables;
  }

  @PostMapping("/v1/tables/{table}/gc/delete-if-equal-hash")
  ResponseEntity<Void> deleteIfEqualHash(
      @PathVariable("table") String table, @RequestBody byte[] body) {
    LocalTable<?> local = tables.get(table);
    List<GcRpc.Item> items;
    try {
      items = GcRpc.Item.decode(body);
    } catch (IllegalArgumentException e) {
      throw new BadRpcRequestException(e.getMessage());
    }
    for (GcRpc.Item i : items) {
      local.deleteIfEqualHash(i.storageKey(), i.hash());
    }
    return ResponseEntity.noContent().build();
  }
}
