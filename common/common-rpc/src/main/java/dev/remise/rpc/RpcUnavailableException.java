package dev.remise.rpc;

import java.net.URI;

/** A node did not answer or failed: callers answer 503 (never 500) and clients retry. */
public class RpcUnavailableException extends RuntimeException {
  public RpcUnavailableException(URI node, Throwable cause) {
    super("node " + node + " unavailable: " + cause.getMessage(), cause);
  }

  protected RpcUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
