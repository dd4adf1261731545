package dev.remise.rpc;

import feign.RequestInterceptor;
import feign.RequestTemplate;
import java.net.URI;

/** Adds the cluster-secret proof to every outgoing internal call. */
public final class RpcAuthInterceptor implements RequestInterceptor {
  private final RpcAuth auth;

  public RpcAuthInterceptor(RpcAuth auth) {
    this.auth = auth;
  }

  @Override
  public void apply(RequestTemplate template) {
    // The proof covers the path and query exactly as they go on the wire. With a per-call target (a
    // URI
    // argument) Feign has already made the URL absolute here; the receiver sees only path and
    // query.
    URI url = URI.create(template.url());
    String pathAndQuery =
        url.getRawQuery() == null ? url.getRawPath() : url.getRawPath() + "?" + url.getRawQuery();
    template.header(RpcAuth.HEADER, auth.proof(template.method(), pathAndQuery));
  }
}
