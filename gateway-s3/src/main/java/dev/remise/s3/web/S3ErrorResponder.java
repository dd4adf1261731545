package dev.remise.s3.web;

import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcUnavailableException;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.sigv4.PayloadException;
import dev.remise.sigv4.SigV4Exception;
import dev.remise.table.MalformedEntryException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become S3 errors. Authentication and payload failures map one to one
 * onto AWS codes; a node that cannot be reached is 503 ServiceUnavailable (clients retry), never
 * 500; only a genuine bug is 500 InternalError, and is logged.
 */
final class S3ErrorResponder {
  private static final Logger LOG = Logger.getLogger(S3ErrorResponder.class.getName());

  private S3ErrorResponder() {}

  record Failure(S3Error error, String message) {}

  static Failure toS3(Throwable t) {
    return switch (t) {
      case S3Exception e -> new Failure(e.error(), e.getMessage());
      case SigV4Exception e ->
          new Failure(
              switch (e.failure()) {
                case SIGNATURE_DOES_NOT_MATCH -> S3Error.SIGNATURE_DOES_NOT_MATCH;
                case INVALID_ACCESS_KEY_ID -> S3Error.INVALID_ACCESS_KEY_ID;
                case AUTHORIZATION_HEADER_MALFORMED -> S3Error.AUTHORIZATION_HEADER_MALFORMED;
                case MISSING_SECURITY_HEADER -> S3Error.MISSING_SECURITY_HEADER;
                case ACCESS_DENIED -> S3Error.ACCESS_DENIED;
                case REQUEST_TIME_TOO_SKEWED -> S3Error.REQUEST_TIME_TOO_SKEWED;
                case INVALID_ARGUMENT -> S3Error.INVALID_ARGUMENT;
              },
              e.getMessage());
      case PayloadException e ->
          new Failure(
              switch (e.failure()) {
                case CONTENT_SHA256_MISMATCH -> S3Error.X_AMZ_CONTENT_SHA256_MISMATCH;
                case BAD_DIGEST -> S3Error.BAD_DIGEST;
                case INVALID_DIGEST -> S3Error.INVALID_DIGEST;
                case SIGNATURE_DOES_NOT_MATCH -> S3Error.SIGNATURE_DOES_NOT_MATCH;
                case INCOMPLETE_BODY -> S3Error.INCOMPLETE_BODY;
                case MALFORMED_CHUNK -> S3Error.INVALID_REQUEST;
              },
              e.getMessage());
      case NoStorageNodesException e -> {
        LOG.log(Level.WARNING, "no layout with storage nodes yet: {0}", e.getMessage());
        yield new Failure(
            S3Error.SERVICE_UNAVAILABLE, "The cluster has no storage nodes yet; please retry");
      }
      case RpcUnavailableException e -> {
        LOG.log(Level.WARNING, "storage node unavailable", e);
        yield new Failure(
            S3Error.SERVICE_UNAVAILABLE, "A storage node is unavailable; please retry");
      }
      case BlockClient.BlockNotFoundException e -> {
        LOG.log(Level.WARNING, "block missing on every node", e);
        yield new Failure(S3Error.SERVICE_UNAVAILABLE, "Object data is temporarily unavailable");
      }
      case RpcRejectedException e -> {
        LOG.log(Level.SEVERE, "internal call rejected (check rpc_secret)", e);
        yield new Failure(S3Error.SERVICE_UNAVAILABLE, "Internal call rejected");
      }
      case MalformedEntryException e -> {
        LOG.log(Level.SEVERE, "undecodable metadata", e);
        yield new Failure(S3Error.INTERNAL_ERROR, "Undecodable metadata");
      }
      default -> {
        LOG.log(Level.SEVERE, "unexpected error", t);
        yield new Failure(S3Error.INTERNAL_ERROR, S3Error.INTERNAL_ERROR.defaultMessage());
      }
    };
  }
}
