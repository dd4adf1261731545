package dev.remise.layout;

/**
 * A change to the layout history refused for what the operator asked, not for what the cluster can
 * hold (that is {@link LayoutException}): applying under the wrong version number, or with nothing
 * staged. The message says what to do instead.
 */
public final class LayoutUpdateException extends RuntimeException {
  public LayoutUpdateException(String message) {
    super(message);
  }
}
