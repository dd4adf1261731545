package dev.remise.rpc;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;
import java.net.URI;

/**
 * The node operations of Garage's admin API v2 as block nodes serve them ({@code POST
 * /v1/admin/<Operation>}): layout-admin forwards the operator's JSON body to each node named by
 * {@code ?node=} and gathers the JSON answers. The answer is returned raw so that a node's error
 * becomes that node's entry in the {@code error} map, not a failure of the whole call.
 */
public interface BlockAdminRpc {
  @RequestLine("POST /v1/admin/{operation}")
  @Headers("Content-Type: application/json")
  Response call(URI node, @Param("operation") String operation, byte[] jsonBody);
}
