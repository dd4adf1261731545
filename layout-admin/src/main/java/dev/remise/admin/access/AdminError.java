package dev.remise.admin.access;

/**
 * The error table of the admin API: the HTTP status and Garage's error code of every failure a
 * caller can see. Client mistakes are 4xx, a metadata node that does not answer is 503, and 500 is
 * left for bugs. The responder at the HTTP edge is the only place that turns these into responses.
 */
public enum AdminError {
  /** Malformed body or query, invalid name, ambiguous search (Garage's BadRequest). */
  INVALID_REQUEST(400, "InvalidRequest"),
  /** No {@code Authorization} header at all. */
  UNAUTHORIZED(401, "AccessDenied"),
  /** A header that does not carry the configured token, or no token is configured. */
  ACCESS_DENIED(403, "AccessDenied"),
  NO_SUCH_ACCESS_KEY(404, "NoSuchAccessKey"),
  NO_SUCH_BUCKET(404, "NoSuchBucket"),
  /** A path that names no admin API operation. */
  NO_SUCH_ENDPOINT(404, "NotFound"),
  /** A known operation called with the other HTTP method. */
  METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
  /** The global alias already names a live bucket. */
  BUCKET_ALREADY_EXISTS(409, "BucketAlreadyExists"),
  /** ImportKey of an id the key table already holds, even deleted: ids are never reused. */
  KEY_ALREADY_EXISTS(409, "KeyAlreadyExists"),
  INTERNAL_ERROR(500, "InternalError"),
  /** An operation (or an option of one) that Garage has and Remise does not have yet. */
  NOT_IMPLEMENTED(501, "NotImplemented"),
  /** A metadata node did not answer: the caller may retry. */
  SERVICE_UNAVAILABLE(503, "ServiceUnavailable");

  private final int status;
  private final String code;

  AdminError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
