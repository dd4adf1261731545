package dev.remise.sigv4;

import java.io.IOException;

/**
 * A request body that failed verification while it was read. It is an {@link IOException} so it
 * travels through any code that copies streams; {@link #failure()} says which S3 error it is.
 */
public final class PayloadException extends IOException {
  private final PayloadFailure failure;

  public PayloadException(PayloadFailure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public PayloadFailure failure() {
    return failure;
  }
}
