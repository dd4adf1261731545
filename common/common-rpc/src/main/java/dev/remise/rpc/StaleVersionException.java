package dev.remise.rpc;

/**
 * A node refused an {@code insert-if-newer}: it holds another version at least as new as the one
 * sent, up to {@link #newestHeld()}. Not a failure of the node; the writer picks a later timestamp.
 */
public final class StaleVersionException extends RuntimeException {
  private final long newestHeld;

  public StaleVersionException(long newestHeld) {
    super("the node holds a version as new as " + newestHeld, null, false, false);
    this.newestHeld = newestHeld;
  }

  public long newestHeld() {
    return newestHeld;
  }
}
