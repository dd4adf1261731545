package dev.remise.admin.api;

import dev.remise.admin.api.ClusterApiJson.GetClusterHealthResponse;
import dev.remise.admin.api.ClusterApiJson.GetClusterStatusResponse;
import dev.remise.admin.cluster.NodeRegistry;
import dev.remise.admin.layout.LayoutService;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Garage's admin API v2, cluster operations: who is up ({@code GetClusterStatus}) and whether every
 * partition can be written ({@code GetClusterHealth}), from the node registry's heartbeats and the
 * current layout.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
public class ClusterApiController {
  private final NodeRegistry registry;
  private final LayoutService layout;

  public ClusterApiController(NodeRegistry registry, LayoutService layout) {
    this.registry = registry;
    this.layout = layout;
  }

  @GetMapping("/v2/GetClusterStatus")
  public GetClusterStatusResponse getClusterStatus() {
    return GetClusterStatusResponse.of(registry.status(layout.history()));
  }

  @GetMapping("/v2/GetClusterHealth")
  public GetClusterHealthResponse getClusterHealth() {
    return GetClusterHealthResponse.of(registry.health(layout.history()));
  }
}
