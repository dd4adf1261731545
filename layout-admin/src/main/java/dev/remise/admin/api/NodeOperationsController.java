package dev.remise.admin.api;

import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import dev.remise.admin.blocks.BlockPurge;
import dev.remise.admin.cluster.NodeRegistry;
import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.rpc.BlockAdminRpc;
import feign.FeignException;
import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Garage's admin API v2 node operations on blocks and workers, and PurgeBlocks ({@code
 * ?node=<id>|*}): the request body is forwarded to the block role of each named node ({@link
 * BlockAdminRpc}), and the answers come back in Garage's multi-node shape {@code {"success": {<node
 * id>: <answer>}, "error": {<node id>: <message>}}}, so one unreachable node does not hide the
 * others' answers.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
public class NodeOperationsController {
  private static final String BLOCK_ROLE = "block-node";

  private final NodeRegistry registry;
  private final BlockAdminRpc rpc;
  private final JsonMapper json;
  private final BlockPurge purge;

  public NodeOperationsController(
      NodeRegistry registry, BlockAdminRpc rpc, JsonMapper json, BlockPurge purge) {
    this.registry = registry;
    this.rpc = rpc;
    this.json = json;
    this.purge = purge;
  }

  /** Garage's multi-node answer. */
  public record MultiNodeResponse(Map<String, Object> success, Map<String, String> error) {}

  @GetMapping("/v2/ListBlockErrors")
  public MultiNodeResponse listBlockErrors(@RequestParam(required = false) String node) {
    return fanOut("ListBlockErrors", node, "{}".getBytes(StandardCharsets.UTF_8));
  }

  @PostMapping({
    "/v2/GetBlockInfo",
    "/v2/RetryBlockResync",
    "/v2/LaunchRepairOperation",
    "/v2/ListWorkers",
    "/v2/GetWorkerInfo",
    "/v2/GetWorkerVariable",
    "/v2/SetWorkerVariable"
  })
  public MultiNodeResponse post(
      @RequestParam(required = false) String node,
      @RequestBody(required = false) byte[] body,
      jakarta.servlet.http.HttpServletRequest request) {
    String path = request.getRequestURI();
    String operation = path.substring(path.lastIndexOf('/') + 1);
    return fanOut(operation, node, body == null || body.length == 0 ? "{}".getBytes() : body);
  }

  /**
   * PurgeBlocks: on each named node, the versions its block_ref table says reference each block
   * (live references) are deleted with what holds them ({@link BlockPurge}); each node's answer
   * counts what was deleted.
   */
  @PostMapping("/v2/PurgeBlocks")
  public MultiNodeResponse purgeBlocks(
      @RequestParam(required = false) String node, @RequestBody List<String> blockHashes) {
    for (String h : blockHashes) {
      try {
        dev.remise.core.Hash.fromHex(h);
      } catch (IllegalArgumentException e) {
        throw new AdminException(AdminError.INVALID_REQUEST, "not a block hash: " + h);
      }
    }
    Map<String, Object> success = new TreeMap<>();
    Map<String, String> error = new TreeMap<>();
    for (NodeId id : targets(node)) {
      try {
        Map<String, List<Uuid>> versions = new LinkedHashMap<>();
        for (String h : blockHashes) {
          byte[] request = json.writeValueAsBytes(Map.of("blockHash", h));
          Object info = call(id, "GetBlockInfo", request);
          List<Uuid> live = new ArrayList<>();
          if (info instanceof Map<?, ?> m && m.get("versions") instanceof List<?> list) {
            for (Object v : list) {
              if (v instanceof Map<?, ?> vm && !Boolean.TRUE.equals(vm.get("refDeleted"))) {
                live.add(Uuid.fromHex(vm.get("versionId").toString()));
              }
            }
          }
          versions.put(h, live);
        }
        success.put(id.hex(), purge.purge(versions));
      } catch (IOException | RuntimeException e) {
        error.put(id.hex(), e.getMessage());
      }
    }
    return new MultiNodeResponse(success, error);
  }

  private MultiNodeResponse fanOut(String operation, String node, byte[] body) {
    List<NodeId> targets = targets(node);
    Map<String, Object> success = new TreeMap<>();
    Map<String, String> error = new TreeMap<>();
    Map<NodeId, Future<Object>> calls = new LinkedHashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (NodeId id : targets) {
        calls.put(id, pool.submit(() -> call(id, operation, body)));
      }
      for (Map.Entry<NodeId, Future<Object>> c : calls.entrySet()) {
        try {
          success.put(c.getKey().hex(), c.getValue().get());
        } catch (java.util.concurrent.ExecutionException e) {
          error.put(c.getKey().hex(), e.getCause().getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          error.put(c.getKey().hex(), "interrupted");
        }
      }
    }
    return new MultiNodeResponse(success, error);
  }

  private Object call(NodeId id, String operation, byte[] body) throws IOException {
    URI address =
        registry
            .address(id, BLOCK_ROLE)
            .orElseThrow(() -> new IOException("node " + id + " has no block role heard from"));
    try (Response r = rpc.call(address, operation, body)) {
      byte[] answer;
      try (InputStream in =
          r.body() == null ? InputStream.nullInputStream() : r.body().asInputStream()) {
        answer = in.readAllBytes();
      }
      if (r.status() / 100 != 2) {
        String message = new String(answer, StandardCharsets.UTF_8);
        try {
          Object m = json.readValue(answer, Map.class).get("message");
          if (m != null) {
            message = m.toString();
          }
        } catch (RuntimeException notJson) {
          // Keep the raw body as the message.
        }
        throw new IOException("HTTP " + r.status() + ": " + message);
      }
      return answer.length == 0 ? Map.of() : json.readValue(answer, Object.class);
    } catch (FeignException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** {@code *}: every node with a block role; an id (or a unique prefix of one): that node. */
  private List<NodeId> targets(String node) {
    if (node == null || node.isBlank()) {
      throw new AdminException(
          AdminError.INVALID_REQUEST, "the node parameter is required: a node id, or * for all");
    }
    List<NodeId> known = registry.nodesWithRole(BLOCK_ROLE);
    if (node.equals("*")) {
      return known;
    }
    if (node.equals("self")) {
      throw new AdminException(
          AdminError.INVALID_REQUEST,
          "layout-admin stores no blocks: name a node id, or * for all nodes");
    }
    List<NodeId> matching = new ArrayList<>();
    for (NodeId id : known) {
      if (id.hex().startsWith(node.toLowerCase(java.util.Locale.ROOT))) {
        matching.add(id);
      }
    }
    if (matching.size() != 1) {
      throw new AdminException(
          AdminError.INVALID_REQUEST,
          matching.isEmpty()
              ? "no node with a block role has an id starting with " + node
              : "several nodes have an id starting with " + node);
    }
    return matching;
  }
}
