package dev.remise.s3.api;

/**
 * The S3 error table: every error the S3 API answers with, as AWS spells it (HTTP status, {@code
 * Code} element, default {@code Message}). Codes and messages are AWS's, so that SDK retry and
 * error-mapping logic keyed on them behaves as it does against AWS. There is one table for the
 * whole API; handlers throw {@link S3Exception} naming a row and never pick a status themselves.
 */
public enum S3Error {
  ACCESS_DENIED(403, "AccessDenied", "Access Denied"),
  AUTHORIZATION_HEADER_MALFORMED(
      400, "AuthorizationHeaderMalformed", "The authorization header is malformed."),
  BAD_DIGEST(400, "BadDigest", "The Content-MD5 you specified did not match what we received."),
  BUCKET_ALREADY_EXISTS(
      409,
      "BucketAlreadyExists",
      "The requested bucket name is not available. The bucket namespace is shared by all users of the system."
          + " Please select a different name and try again."),
  BUCKET_ALREADY_OWNED_BY_YOU(
      409,
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it."),
  BUCKET_NOT_EMPTY(409, "BucketNotEmpty", "The bucket you tried to delete is not empty."),
  ENTITY_TOO_LARGE(
      400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size."),
  ENTITY_TOO_SMALL(
      400,
      "EntityTooSmall",
      "Your proposed upload is smaller than the minimum allowed object size."),
  INCOMPLETE_BODY(
      400,
      "IncompleteBody",
      "You did not provide the number of bytes specified by the Content-Length HTTP header."),
  INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
  INVALID_ACCESS_KEY_ID(
      403,
      "InvalidAccessKeyId",
      "The AWS access key ID you provided does not exist in our records."),
  INVALID_ARGUMENT(400, "InvalidArgument", "Invalid Argument"),
  INVALID_BUCKET_NAME(400, "InvalidBucketName", "The specified bucket is not valid."),
  INVALID_DIGEST(400, "InvalidDigest", "The Content-MD5 you specified is not valid."),
  INVALID_ENCRYPTION_ALGORITHM(
      400,
      "InvalidEncryptionAlgorithmError",
      "The encryption request that you specified is not valid."),
  INVALID_LOCATION_CONSTRAINT(
      400, "InvalidLocationConstraint", "The specified location constraint is not valid."),
  INVALID_OBJECT_STATE(
      403, "InvalidObjectState", "The operation is not valid for the current state of the object."),
  INVALID_PART(
      400,
      "InvalidPart",
      "One or more of the specified parts could not be found. The part might not have been uploaded, or the"
          + " specified entity tag might not have matched the part's entity tag."),
  INVALID_PART_ORDER(
      400,
      "InvalidPartOrder",
      "The list of parts was not in ascending order. Parts must be ordered by part number."),
  INVALID_RANGE(416, "InvalidRange", "The requested range is not satisfiable."),
  INVALID_REQUEST(400, "InvalidRequest", "Invalid Request"),
  INVALID_URI(400, "InvalidURI", "Couldn't parse the specified URI."),
  KEY_TOO_LONG(400, "KeyTooLongError", "Your key is too long."),
  MALFORMED_XML(
      400,
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema."),
  METADATA_TOO_LARGE(
      400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size."),
  METHOD_NOT_ALLOWED(
      405, "MethodNotAllowed", "The specified method is not allowed against this resource."),
  MISSING_CONTENT_LENGTH(
      411, "MissingContentLength", "You must provide the Content-Length HTTP header."),
  MISSING_SECURITY_HEADER(
      400, "MissingSecurityHeader", "Your request is missing a required header."),
  NO_SUCH_BUCKET(404, "NoSuchBucket", "The specified bucket does not exist."),
  NO_SUCH_CORS_CONFIGURATION(
      404, "NoSuchCORSConfiguration", "The CORS configuration does not exist."),
  NO_SUCH_KEY(404, "NoSuchKey", "The specified key does not exist."),
  NO_SUCH_LIFECYCLE_CONFIGURATION(
      404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist."),
  NO_SUCH_UPLOAD(
      404,
      "NoSuchUpload",
      "The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload"
          + " might have been aborted or completed."),
  NO_SUCH_WEBSITE_CONFIGURATION(
      404,
      "NoSuchWebsiteConfiguration",
      "The specified bucket does not have a website configuration."),
  NOT_IMPLEMENTED(
      501,
      "NotImplemented",
      "A header you provided implies functionality that is not implemented."),
  PRECONDITION_FAILED(
      412, "PreconditionFailed", "At least one of the preconditions you specified did not hold."),
  REQUEST_TIME_TOO_SKEWED(
      403,
      "RequestTimeTooSkewed",
      "The difference between the request time and the server's time is too large."),
  SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service is unable to handle request."),
  SIGNATURE_DOES_NOT_MATCH(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing"
          + " method."),
  SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
  X_AMZ_CONTENT_SHA256_MISMATCH(
      400,
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.");

  private final int status;
  private final String code;
  private final String defaultMessage;

  S3Error(int status, String code, String defaultMessage) {
    this.status = status;
    this.code = code;
    this.defaultMessage = defaultMessage;
  }

  /** The HTTP status code of the response. */
  public int status() {
    return status;
  }

  /** The AWS error code, the {@code <Code>} element that SDKs map to exception types. */
  public String code() {
    return code;
  }

  /** AWS's message for this error, used when the thrower has nothing more specific to say. */
  public String defaultMessage() {
    return defaultMessage;
  }
}
