package dev.remise.metadata.rpc;

import dev.remise.rpc.TableRpc;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
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
 * Serves {@link TableRpc} over HTTP for the tables of this node ({@link TableRpcHandler} does the
 * work). Each call is a purely local operation; quorums, read repair and placement are the
 * caller's. Errors are mapped by {@link RpcErrorResponder}.
 */
@RestController
@RequestMapping("/v1/tables/{table}")
class TableRpcController {
  private final TableRpcHandler handler;

  TableRpcController(TableRpcHandler handler) {
    this.handler = handler;
  }

  /** Merges each entry of the batch, each in its own transaction; 204. */
  @PostMapping("/insert")
  ResponseEntity<Void> insert(@PathVariable("table") String table, @RequestBody byte[] body) {
    handler.insert(table, body);
    return ResponseEntity.noContent().build();
  }

  /**
   * Merges each entry of the batch unless this node already holds another version at least as new
   * as the entry's newest: 204 when every entry was merged, else 409 with the newest timestamp
   * held, in decimal, for the writer to retry above. 400 for a table without timestamped versions.
   */
  @PostMapping("/insert-if-newer")
  ResponseEntity<String> insertIfNewer(
      @PathVariable("table") String table, @RequestBody byte[] body) {
    OptionalLong refused = handler.insertIfNewer(table, body);
    if (refused.isEmpty()) {
      return ResponseEntity.noContent().build();
    }
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .contentType(MediaType.TEXT_PLAIN)
        .body(Long.toString(refused.getAsLong()));
  }

  /** The encoded entry, or 404 with an empty body. */
  @GetMapping("/entry")
  ResponseEntity<byte[]> get(
      @PathVariable("table") String table,
      @RequestParam("p") String partitionHashHex,
      @RequestParam(name = "s", required = false) String sortKeyBase64Url) {
    byte[] entry = handler.get(table, partitionHashHex, sortKeyBase64Url);
    if (entry == null) {
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(entry);
  }

  /** An EntryBatch of the matching entries; see {@link TableRpc#getRange}. */
  @GetMapping("/range")
  ResponseEntity<byte[]> getRange(
      @PathVariable("table") String table,
      @RequestParam("p") String partitionHashHex,
      @RequestParam(name = "start", required = false) String start,
      @RequestParam(name = "prefix", required = false) String prefix,
      @RequestParam(name = "filter", required = false) String filter,
      @RequestParam(name = "limit", required = false) Integer limit,
      @RequestParam(name = "reverse", defaultValue = "false") boolean reverse) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .body(handler.getRange(table, partitionHashHex, start, prefix, filter, limit, reverse));
  }
}
