package dev.remise.replication;

/**
 * No node holds the data asked for: no layout has been applied yet, or the ring is empty. The
 * cluster cannot serve the request until an operator applies a layout; callers answer 503.
 */
public final class NoStorageNodesException extends IllegalStateException {
  public NoStorageNodesException(String message) {
    super(message);
  }
}
