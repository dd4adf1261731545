package dev.remise.sigv4;

/** A request whose signature could not be accepted; {@link #failure()} says why. */
public final class SigV4Exception extends RuntimeException {
  private final AuthFailure failure;

  public SigV4Exception(AuthFailure failure, String message) {
    // No stack trace: these are client errors, cheap to raise, and the trace would say nothing.
    super(message, null, false, false);
    this.failure = failure;
  }

  public AuthFailure failure() {
    return failure;
  }
}
