package dev.remise.table;

/**
 * An encoded entry or message that cannot be decoded: corrupt storage or a bad peer, never a client
 * error.
 */
public final class MalformedEntryException extends RuntimeException {
  public MalformedEntryException(String message) {
    super(message);
  }
}
