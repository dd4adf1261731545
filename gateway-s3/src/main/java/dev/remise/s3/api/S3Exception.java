package dev.remise.s3.api;

import java.util.Objects;

/**
 * A request the S3 API answers with an error from {@link S3Error}. Handlers throw it and never
 * catch it; the responder turns it into the status and the error XML of {@link S3Xml#error}.
 *
 * <p>These are expected outcomes (a missing key, a bad signature), thrown on the request path as
 * often as clients make mistakes, so no stack trace is captured: it would cost more than the answer
 * and say nothing the error code does not.
 */
public final class S3Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final S3Error error;
  private final String resource;

  /**
   * @param message what went wrong, for the {@code <Message>} element; {@code null} for the error's
   *     default message
   * @param resource the bucket or object concerned, for the {@code <Resource>} element; {@code
   *     null} when none
   */
  public S3Exception(S3Error error, String message, String resource) {
    super(message == null ? error.defaultMessage() : message, null, false, false);
    this.error = Objects.requireNonNull(error, "error");
    this.resource = resource;
  }

  public S3Exception(S3Error error, String message) {
    this(error, message, null);
  }

  public S3Exception(S3Error error) {
    this(error, null, null);
  }

  public S3Error error() {
    return error;
  }

  /**
   * The resource named in the error body, or {@code null} to let the responder use the request
   * path.
   */
  public String resource() {
    return resource;
  }
}
