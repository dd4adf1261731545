package dev.remise.sigv4;

/**
 * Why a request's signature was refused. Each constant names the S3 error it stands for, so the
 * gateways can map them exhaustively to their error tables.
 */
public enum AuthFailure {
  /** S3 {@code SignatureDoesNotMatch} (403): the signature is well formed but wrong. */
  SIGNATURE_DOES_NOT_MATCH,
  /** S3 {@code InvalidAccessKeyId} (403): no such access key. */
  INVALID_ACCESS_KEY_ID,
  /**
   * S3 {@code AuthorizationHeaderMalformed} (400), also used for malformed presigned parameters
   * (S3's {@code AuthorizationQueryParametersError}): a missing field, a scope for another region
   * or service, an unparseable credential.
   */
  AUTHORIZATION_HEADER_MALFORMED,
  /** S3 {@code MissingSecurityHeader} (400): a header-signed request without a request date. */
  MISSING_SECURITY_HEADER,
  /**
   * S3 {@code AccessDenied} (403): anonymous request, expired or not-yet-valid presigned URL,
   * unsigned {@code x-amz-*} headers.
   */
  ACCESS_DENIED,
  /** S3 {@code RequestTimeTooSkewed} (403): the request date is too far from the server clock. */
  REQUEST_TIME_TOO_SKEWED,
  /**
   * S3 {@code InvalidArgument} / {@code InvalidRequest} (400): an unsupported signing algorithm or
   * an unknown {@code x-amz-content-sha256}, {@code x-amz-trailer} or decoded-length value.
   */
  INVALID_ARGUMENT
}
