package dev.remise.sigv4;

/**
 * Why a request body was refused while it was being read. Each constant names the S3 error it
 * stands for.
 */
public enum PayloadFailure {
  /** S3 {@code XAmzContentSHA256Mismatch} (400): the body does not hash to the signed SHA-256. */
  CONTENT_SHA256_MISMATCH,
  /**
   * S3 {@code BadDigest} (400): the body does not match its {@code Content-MD5} or its {@code
   * x-amz-checksum-*} value (header or trailer).
   */
  BAD_DIGEST,
  /**
   * S3 {@code InvalidDigest} (400): a checksum value that is not well-formed base64 of the right
   * size.
   */
  INVALID_DIGEST,
  /** S3 {@code SignatureDoesNotMatch} (403): a wrong aws-chunked chunk or trailer signature. */
  SIGNATURE_DOES_NOT_MATCH,
  /** S3 {@code IncompleteBody} (400): the body ended early or carried fewer bytes than declared. */
  INCOMPLETE_BODY,
  /**
   * S3 {@code InvalidRequest}/{@code MalformedTrailerError} (400): aws-chunked framing is broken
   * (bad chunk header, oversized chunk, missing CRLF or trailer, more bytes than declared).
   */
  MALFORMED_CHUNK
}
