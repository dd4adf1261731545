package dev.remise.rpc;

import java.util.List;

/**
 * Too few of the nodes holding some data answered for a read or write quorum (or none is known):
 * the request fails at once, with the nodes' errors attached, rather than wait for nodes that are
 * down. Callers answer 503 and clients retry; a failed write may still have reached some nodes,
 * which is harmless since every write is a CRDT merge.
 */
public final class QuorumUnavailableException extends RpcUnavailableException {
  public QuorumUnavailableException(String message, List<Throwable> errors) {
    super(message + describe(errors), errors.isEmpty() ? null : errors.getFirst());
    errors.stream().skip(1).forEach(this::addSuppressed);
  }

  private static String describe(List<Throwable> errors) {
    if (errors.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(" (");
    for (int i = 0; i < errors.size(); i++) {
      b.append(i == 0 ? "" : "; ").append(errors.get(i).getMessage());
    }
    return b.append(')').toString();
  }
}
