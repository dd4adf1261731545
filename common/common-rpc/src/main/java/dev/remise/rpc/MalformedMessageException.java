package dev.remise.rpc;

/** A control-plane body that is not valid JSON for its message, or breaks one of its rules. */
public final class MalformedMessageException extends IllegalArgumentException {
  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
