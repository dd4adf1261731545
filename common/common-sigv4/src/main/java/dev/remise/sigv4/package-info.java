/**
 * AWS Signature Version 4 verification for the S3 and K2V gateways: {@link
 * dev.remise.sigv4.SigV4Verifier} checks a request's header or presigned-query signature and says
 * how its body is protected ({@link dev.remise.sigv4.PayloadMode}); the input streams in this
 * package then decode and verify that body (aws-chunked framing, chunk and trailer signatures,
 * SHA-256 of the payload, additional checksums, Content-MD5) without ever holding more than one
 * chunk in memory.
 */
@NullMarked
package dev.remise.sigv4;

import org.jspecify.annotations.NullMarked;
