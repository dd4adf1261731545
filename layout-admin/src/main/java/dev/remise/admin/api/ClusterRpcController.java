package dev.remise.admin.api;

import dev.remise.admin.cluster.NodeRegistry;
import dev.remise.admin.layout.LayoutService;
import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutHistory;
import dev.remise.rpc.ClusterJson;
import dev.remise.rpc.ClusterRpc;
import dev.remise.rpc.Heartbeat;
import dev.remise.rpc.HeartbeatReply;
import dev.remise.rpc.MalformedMessageException;
import dev.remise.table.MalformedEntryException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server side of {@link ClusterRpc}, for the nodes rather than the operator: the cluster-secret
 * filter guards {@code /v1/*} before a request gets here. Bodies go through {@link ClusterJson},
 * the codec the nodes use, not through Spring's JSON mapper, so both ends read one format; the
 * layout history goes out in {@link LayoutCodec}'s encoding, the bytes its digest is computed over.
 */
@RestController
public class ClusterRpcController {
  private final NodeRegistry registry;
  private final LayoutService layout;

  public ClusterRpcController(NodeRegistry registry, LayoutService layout) {
    this.registry = registry;
    this.layout = layout;
  }

  @PostMapping(
      value = "/v1/cluster/heartbeat",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public byte[] heartbeat(@RequestBody byte[] body) {
    registry.heartbeat(ClusterJson.decode(body, Heartbeat.class));
    LayoutHistory history = layout.history();
    return ClusterJson.encode(
        new HeartbeatReply(
            history.current().version(), history.digest().hex(), registry.peers().digest()));
  }

  /**
   * A node's history, sent back when it holds something this one lacks: its trackers, or the whole
   * history after layout-admin lost its directory. Merged, never swapped in; a version failing the
   * layout check refuses the whole history (400).
   */
  @PostMapping(value = "/v1/cluster/layout", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  public ResponseEntity<Void> advertiseClusterLayout(@RequestBody byte[] body) {
    LayoutHistory received;
    try {
      received = LayoutCodec.decode(body);
    } catch (MalformedEntryException e) {
      throw new MalformedMessageException("layout history: " + e.getMessage(), e);
    }
    layout.merge(received);
    return ResponseEntity.noContent().build();
  }

  /** Every role's address, pulled by a node whose heartbeat reply showed another peers digest. */
  @GetMapping(value = "/v1/cluster/peers", produces = MediaType.APPLICATION_JSON_VALUE)
  public byte[] peers() {
    return ClusterJson.encode(registry.peers());
  }

  /** The whole history, pulled by a node whose heartbeat reply showed a different digest. */
  @GetMapping(value = "/v1/cluster/layout", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  public byte[] layout() {
    return LayoutCodec.encode(layout.history());
  }
}
