package dev.remise.metadata.rpc;

import dev.remise.layout.LayoutRejectedException;
import dev.remise.metadata.table.NoSuchTableException;
import dev.remise.metadata.table.UnknownFilterException;
import dev.remise.table.MalformedEntryException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place where failures of the internal port become responses: a small JSON body {@code
 * {"code", "message"}} (the shape {@code RpcAuthFilter} uses for 401/403), never a stack trace. Bad
 * input is 400 and an unknown table 404; only a fault of this node is 500.
 */
@RestControllerAdvice
class RpcErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(RpcErrorResponder.class);

  /** The body of every error answer. */
  record ErrorBody(String code, String message) {}

  @ExceptionHandler(Exception.class)
  ResponseEntity<ErrorBody> respond(Exception e) {
    return switch (e) {
      case NoSuchTableException x -> error(HttpStatus.NOT_FOUND, "NoSuchTable", x.getMessage());
      case MalformedEntryException x ->
          error(HttpStatus.BAD_REQUEST, "MalformedEntry", x.getMessage());
      case LayoutRejectedException x ->
          error(HttpStatus.BAD_REQUEST, "InvalidLayout", x.getMessage());
      case UnknownFilterException x ->
          error(HttpStatus.BAD_REQUEST, "UnknownFilter", x.getMessage());
      case BadRpcRequestException x -> error(HttpStatus.BAD_REQUEST, "BadRequest", x.getMessage());
      case TypeMismatchException x ->
          error(
              HttpStatus.BAD_REQUEST,
              "BadRequest",
              "parameter " + x.getPropertyName() + " has a bad value");
      case HttpMessageNotReadableException x ->
          error(HttpStatus.BAD_REQUEST, "BadRequest", "request body is missing or unreadable");
      // Spring MVC's own rejections (no such path, wrong method, missing parameter...) carry
      // their status.
      case ErrorResponse x -> error(x.getStatusCode(), codeOf(x.getStatusCode()), detail(x));
      default -> {
        LOG.error("table RPC failed", e);
        yield error(HttpStatus.INTERNAL_SERVER_ERROR, "InternalError", "internal error");
      }
    };
  }

  private static ResponseEntity<ErrorBody> error(
      HttpStatusCode status, String code, String message) {
    // A preset content type skips negotiation: the error is JSON even if the caller accepts only
    // octet-stream.
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(new ErrorBody(code, message));
  }

  private static String codeOf(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    if (known == null) {
      return "Error";
    }
    StringBuilder code = new StringBuilder();
    for (String word : known.name().split("_")) {
      code.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return code.toString();
  }

  private static String detail(ErrorResponse e) {
    String detail = e.getBody().getDetail();
    return detail == null ? codeOf(e.getStatusCode()) : detail;
  }
}
