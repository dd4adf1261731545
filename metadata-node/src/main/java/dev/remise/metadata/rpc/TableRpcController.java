package dev.remise.metadata.rpc;

import dev.remise.core.Hash;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.Tables;
import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Serves {@link TableRpc} for the tables of this node: Garage's table RPCs {@code Update}, {@code
 * ReadEntry} and {@code ReadRange}. Each call is a purely local operation; quorums, read repair and
 * placement are the caller's. Errors are mapped by {@link RpcErrorResponder}.
 */
@RestController
@RequestMapping("/v1/tables/{table}")
class TableRpcController {
  static final int MAX_RANGE_LIMIT = TableRpc.MAX_RANGE_LIMIT;

  private final Tables tables;
  private final Map<String, Counter> puts = new TreeMap<>();
  private final Map<String, Counter> gets = new TreeMap<>();

  TableRpcController(Tables tables, MeterRegistry registry) {
    this.tables = tables;
    for (String table : tables.names()) {
      puts.put(
          table,
          Counter.builder("table_put_request_counter")
              .description("Insert requests served by this node's table")
              .tag("table_name", table)
              .register(registry));
      gets.put(
          table,
          Counter.builder("table_get_request_counter")
              .description("Entry and range reads served by this node's table")
              .tag("table_name", table)
              .register(registry));
    }
  }

  /** Merges each entry of the batch, each in its own transaction; 204. */
  @PostMapping("/insert")
  ResponseEntity<Void> insert(@PathVariable("table") String table, @RequestBody byte[] body) {
    LocalTable<?> local = tables.get(table);
    puts.get(table).increment();
    local.insertEncoded(EntryBatch.decode(body));
    return ResponseEntity.noContent().build();
  }

  /** The encoded entry, or 404 with an empty body. */
  @GetMapping("/entry")
  ResponseEntity<byte[]> get(
      @PathVariable("table") String table,
      @RequestParam("p") String partitionHashHex,
      @RequestParam(name = "s", required = false) String sortKeyBase64Url) {
    LocalTable<?> local = tables.get(table);
    gets.get(table).increment();
    byte[] sortKey = sortKeyBase64Url == null ? new byte[0] : base64Url("s", sortKeyBase64Url);
    byte[] entry = local.getEncoded(partitionHash(partitionHashHex), sortKey);
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
    LocalTable<?> local = tables.get(table);
    gets.get(table).increment();
    if (limit != null && limit <= 0) {
      throw new BadRpcRequestException("limit must be positive, got " + limit);
    }
    List<byte[]> entries =
        local.getRangeEncoded(
            partitionHash(partitionHashHex),
            start == null ? null : base64Url("start", start),
            prefix == null ? null : base64Url("prefix", prefix),
            filter,
            limit == null ? MAX_RANGE_LIMIT : Math.min(limit, MAX_RANGE_LIMIT),
            reverse);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .body(EntryBatch.encode(entries));
  }

  private static Hash partitionHash(String hex) {
    try {
      return Hash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new BadRpcRequestException("p must be a partition hash of 64 hex digits");
    }
  }

  private static byte[] base64Url(String name, String value) {
    try {
      return Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new BadRpcRequestException(name + " must be unpadded base64url");
    }
  }
}
