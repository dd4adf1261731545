package dev.remise.rpc;

import java.net.URI;

/**
 * A node refused a call (4xx): a bug or a misconfiguration (wrong cluster secret), not a client
 * error.
 */
public final class RpcRejectedException extends RuntimeException {
  private final int status;

  public RpcRejectedException(URI node, int status, String body) {
    super("node " + node + " rejected the call with HTTP " + status + ": " + body);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
