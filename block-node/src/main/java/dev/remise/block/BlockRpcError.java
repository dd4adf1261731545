package dev.remise.block;

import dev.remise.layout.LayoutRejectedException;
import dev.remise.table.MalformedEntryException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.springframework.web.ErrorResponse;

/**
 * The error table of the block RPC: status and code of every failure a caller can see. Client
 * mistakes are 4xx; conditions under which the caller should simply read or write another replica
 * are 503; 500 is left for bugs.
 */
enum BlockRpcError {
  /**
   * Bad hex in the hash, data not hashing to its name, malformed block_ref batch, a pushed layout
   * that fails the layout check.
   */
  BAD_REQUEST(400, "BadRequest"),
  /** This node does not hold the block (it may be on another replica). */
  NO_SUCH_BLOCK(404, "NoSuchBlock"),
  /** No such endpoint. */
  NOT_FOUND(404, "NotFound"),
  METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
  /** Body larger than {@code remise.block.max-block-size}. */
  ENTITY_TOO_LARGE(413, "EntityTooLarge"),
  /**
   * The local copy failed verification and was renamed aside. 503, not 500: the caller is not at
   * fault and the cluster is not broken; this replica just cannot serve the block, so the caller
   * reads another one. The next read here answers 404 until resync has fetched a good copy.
   */
  CORRUPT_BLOCK(503, "CorruptBlock"),
  /** A row lock was not obtained in time (heavy contention on one block): retry. */
  BUSY(503, "Busy"),
  INTERNAL_ERROR(500, "InternalError");

  private final int status;
  private final String code;

  BlockRpcError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The error a failure is reported as. */
  static BlockRpcError of(Throwable e) {
    return switch (e) {
      case BlockRpcException r -> r.error();
      case CorruptBlockException c -> CORRUPT_BLOCK;
      case MalformedEntryException m -> BAD_REQUEST;
      case LayoutRejectedException l -> BAD_REQUEST;
      case IllegalArgumentException i -> BAD_REQUEST;
      case RocksDBException r when isTransient(r.getStatus()) -> BUSY;
      case ErrorResponse r when r.getStatusCode().value() == 404 -> NOT_FOUND;
      case ErrorResponse r when r.getStatusCode().value() == 405 -> METHOD_NOT_ALLOWED;
      case ErrorResponse r when r.getStatusCode().is4xxClientError() -> BAD_REQUEST;
      default -> INTERNAL_ERROR;
    };
  }

  private static boolean isTransient(Status status) {
    return status != null
        && switch (status.getCode()) {
          case TimedOut, Busy, TryAgain -> true;
          default -> false;
        };
  }
}
