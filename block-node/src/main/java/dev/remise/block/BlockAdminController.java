package dev.remise.block;

import dev.remise.core.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/admin/<Operation>}: the node operations of Garage's admin API v2 that concern
 * blocks and workers, with Garage's request and (local) response bodies. layout-admin calls them on
 * the nodes an operator names ({@code ?node=}); they sit behind the cluster-secret filter like
 * every internal path.
 */
@RestController
final class BlockAdminController {
  private final BlockAdmin admin;

  BlockAdminController(BlockAdmin admin) {
    this.admin = admin;
  }

  @PostMapping(
      value = "/v1/admin/{operation}",
      consumes = MediaType.ALL_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Object operation(
      @PathVariable String operation, @RequestBody(required = false) Map<String, Object> body)
      throws RocksDBException {
    Map<String, Object> b = body == null ? Map.of() : body;
    return switch (operation) {
      case "ListBlockErrors" -> admin.blockErrors();
      case "GetBlockInfo" -> admin.blockInfo(hash(b.get("blockHash")));
      case "RetryBlockResync" -> {
        boolean all = Boolean.TRUE.equals(b.get("all"));
        List<Hash> hashes = new ArrayList<>();
        if (b.get("blockHashes") instanceof List<?> list) {
          for (Object o : list) {
            hashes.add(hash(o));
          }
        } else if (!all) {
          throw new IllegalArgumentException("give {\"all\": true} or {\"blockHashes\": [...]}");
        }
        yield Map.of("count", admin.retryResync(all, hashes));
      }
      case "LaunchRepairOperation" -> {
        launch(b.get("repairType"));
        yield Map.of();
      }
      case "ListWorkers" ->
          admin.workers(
              Boolean.TRUE.equals(b.get("busyOnly")), Boolean.TRUE.equals(b.get("errorOnly")));
      case "GetWorkerInfo" -> {
        long id = b.get("id") instanceof Number n ? n.longValue() : -1;
        yield admin.workers(false, false).stream()
            .filter(w -> w.id() == id)
            .findFirst()
            .orElseThrow(
                () ->
                    new BlockRpcException(
                        BlockRpcError.NOT_FOUND, "no worker " + b.get("id") + " on this node"));
      }
      case "GetWorkerVariable" -> {
        Map<String, String> vars = admin.variables();
        if (b.get("variable") instanceof String v) {
          if (!vars.containsKey(v)) {
            throw new IllegalArgumentException("unknown worker variable " + v);
          }
          yield Map.of(v, vars.get(v));
        }
        yield vars;
      }
      case "SetWorkerVariable" -> {
        if (!(b.get("variable") instanceof String v) || b.get("value") == null) {
          throw new IllegalArgumentException("give {\"variable\": ..., \"value\": ...}");
        }
        admin.setVariable(v, b.get("value").toString());
        yield Map.of("variable", v, "value", admin.variables().get(v));
      }
      default ->
          throw new BlockRpcException(
              BlockRpcError.NOT_FOUND, operation + " is not a block node operation");
    };
  }

  private void launch(Object repairType) throws RocksDBException {
    if (repairType instanceof String name) {
      admin.launch(
          BlockAdmin.Repair.parse(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "repair "
                              + name
                              + " does not run on block nodes (blocks, blockRefs,"
                              + " blockRc, rebalance, scrub, clearResyncQueue do)")));
      return;
    }
    if (repairType instanceof Map<?, ?> m && m.get("scrub") instanceof String command) {
      ScrubWorker.Command c =
          switch (command) {
            case "start" -> ScrubWorker.Command.START;
            case "pause" -> ScrubWorker.Command.PAUSE;
            case "resume" -> ScrubWorker.Command.RESUME;
            case "cancel" -> ScrubWorker.Command.CANCEL;
            default ->
                throw new IllegalArgumentException(
                    "scrub takes start, pause, resume or cancel, not " + command);
          };
      admin.scrub(c);
      return;
    }
    throw new IllegalArgumentException("missing or malformed repairType");
  }

  private static Hash hash(Object o) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException("blockHash must be 64 hex digits");
    }
    return Hash.fromHex(s);
  }
}
