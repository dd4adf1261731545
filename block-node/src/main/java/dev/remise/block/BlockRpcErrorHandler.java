package dev.remise.block;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one responder of the block RPC: every exception leaving a handler becomes a small JSON body
 * {@code {"code", "message"}} (the shape RpcAuthFilter uses for 401/403) with the status of its
 * {@link BlockRpcError}. Server errors are logged here and answered without internals.
 */
@RestControllerAdvice
final class BlockRpcErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BlockRpcErrorHandler.class);

  /** Error body of the block RPC. */
  record ErrorBody(String code, String message) {}

  @ExceptionHandler(Exception.class)
  ResponseEntity<ErrorBody> handle(Exception e) {
    BlockRpcError error = BlockRpcError.of(e);
    String message;
    if (error == BlockRpcError.INTERNAL_ERROR) {
      LOG.error("block RPC failed", e);
      message = "internal error";
    } else {
      if (error.status() >= 500) {
        LOG.warn("block RPC: {}", e.getMessage());
      }
      message = e.getMessage();
    }
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(new ErrorBody(error.code(), message));
  }
}
