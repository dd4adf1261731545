package dev.remise.rpc;

import feign.RetryableException;
import feign.Retryer;
import java.io.IOException;
import java.net.SocketException;

/**
 * Feign's retry policy for internal calls: one immediate retry when a kept-alive connection turns
 * out to be dead (the peer restarted since it was pooled: "Unexpected end of file" or "Connection
 * reset"), never otherwise. A refused connection or a timeout fails at once, so the quorum logic
 * moves on to another node instead of waiting. Every internal call may be repeated safely: table
 * writes are CRDT merges and blocks are content-addressed.
 */
public final class StaleConnectionRetryer implements Retryer {
  private boolean retried;

  @Override
  public void continueOrPropagate(RetryableException e) {
    if (retried || !brokenConnection(e)) {
      throw e;
    }
    retried = true;
  }

  /** Whether the call failed on a connection the peer had already closed. */
  static boolean brokenConnection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof IOException
          && (message.contains("Unexpected end of file")
              || (t instanceof SocketException && message.contains("Connection reset")))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Retryer clone() {
    return new StaleConnectionRetryer();
  }
}
