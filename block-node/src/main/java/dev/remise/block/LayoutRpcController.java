package dev.remise.block;

import dev.remise.layout.LayoutCodec;
import dev.remise.rpc.LayoutRpc;
import dev.remise.rpc.NodeLayout;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server side of {@link LayoutRpc} on the internal port (behind the cluster-secret filter): a
 * history pushed by layout-admin is merged into this node's copy, never swapped in, and persisted
 * before the answer. A body that is no layout history ({@code MalformedEntryException}), or one
 * holding a version that fails the layout check ({@code LayoutRejectedException}), is a 400.
 */
@RestController
class LayoutRpcController {
  private final NodeLayout layout;

  LayoutRpcController(NodeLayout layout) {
    this.layout = layout;
  }

  @PostMapping(value = "/v1/layout", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  void advertiseClusterLayout(@RequestBody byte[] body) {
    layout.merge(LayoutCodec.decode(body));
  }
}
