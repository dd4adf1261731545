package dev.remise.rpc;

import feign.Client;
import feign.Feign;
import feign.Request;
import java.time.Duration;

/**
 * The one way internal RPC clients are built, whatever the role and the interface: every call
 * carries the cluster-secret proof, times out as told, is retried once only on a connection the
 * peer had already closed ({@link StaleConnectionRetryer}: otherwise the quorum logic moves on to
 * another node), and goes through the {@link SimulatedWan} when this process runs one.
 */
public final class RpcClients {
  private RpcClients() {}

  /** A Feign builder for internal calls; the caller adds its metrics capability and target. */
  public static Feign.Builder builder(RpcAuth auth, Duration connectTimeout, Duration readTimeout) {
    Client transport = new Client.Default(null, null);
    return Feign.builder()
        .client(SimulatedWan.configured().map(wan -> wan.wrap(transport)).orElse(transport))
        .requestInterceptor(new RpcAuthInterceptor(auth))
        .options(new Request.Options(connectTimeout, readTimeout, false))
        .retryer(new StaleConnectionRetryer());
  }
}
