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
    HttpStatusCode status = statusOf(e);
    if (status.is5xxServerError()) {
      LOG.error("table RPC failed", e);
      return error(status, "InternalError", "internal error");
    }
    return error(status, codeOf(e, status), messageOf(e));
  }

  /** The status a failure of a table call is answered with, over HTTP or in process. */
  static HttpStatusCode statusOf(Exception e) {
    return switch (e) {
      case NoSuchTableException x -> HttpStatus.NOT_FOUND;
      case MalformedEntryException x -> HttpStatus.BAD_REQUEST;
      case LayoutRejectedException x -> HttpStatus.BAD_REQUEST;
      case UnknownFilterException x -> HttpStatus.BAD_REQUEST;
      case BadRpcRequestException x -> HttpStatus.BAD_REQUEST;
      case TypeMismatchException x -> HttpStatus.BAD_REQUEST;
      case HttpMessageNotReadableException x -> HttpStatus.BAD_REQUEST;
      // Spring MVC's own rejections (no such path, wrong method, missing parameter...) carry
      // their status.
      case ErrorResponse x -> x.getStatusCode();
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  private static String codeOf(Exception e, HttpStatusCode status) {
    return switch (e) {
      case NoSuchTableException x -> "NoSuchTable";
      case MalformedEntryException x -> "MalformedEntry";
      case LayoutRejectedException x -> "InvalidLayout";
      case UnknownFilterException x -> "UnknownFilter";
      case BadRpcRequestException x -> "BadRequest";
      case TypeMismatchException x -> "BadRequest";
      case HttpMessageNotReadableException x -> "BadRequest";
      default -> codeOf(status);
    };
  }

  private static String messageOf(Exception e) {
    return switch (e) {
      case TypeMismatchException x -> "parameter " + x.getPropertyName() + " has a bad value";
      case HttpMessageNotReadableException x -> "request body is missing or unreadable";
      case ErrorResponse x -> detail(x);
      default -> e.getMessage();
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
