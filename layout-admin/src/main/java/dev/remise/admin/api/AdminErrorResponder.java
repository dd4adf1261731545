package dev.remise.admin.api;

import dev.remise.admin.AdminProperties;
import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import dev.remise.admin.api.AdminApiJson.ErrorBody;
import dev.remise.layout.LayoutException;
import dev.remise.layout.LayoutRejectedException;
import dev.remise.layout.LayoutUpdateException;
import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.MalformedMessageException;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/**
 * The one responder of the admin API: every exception leaving a handler or the authentication gate
 * becomes Garage's error body with the status and code of its {@link AdminError}. Malformed input
 * and impossible layout changes are always a 4xx; an unanswered metadata node is a 503; only bugs
 * are 500, logged here and answered without internals.
 */
@RestControllerAdvice
public class AdminErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(AdminErrorResponder.class);

  private final String region;

  public AdminErrorResponder(AdminProperties properties) {
    this.region = properties.region();
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ErrorBody> handle(Exception e, HttpServletRequest request) {
    AdminError error = classify(e);
    String message =
        switch (error) {
          case INTERNAL_ERROR -> {
            LOG.error("admin API call {} failed", request.getRequestURI(), e);
            yield "Internal error";
          }
          case SERVICE_UNAVAILABLE -> {
            LOG.warn("admin API call {}: {}", request.getRequestURI(), e.getMessage());
            yield "Service unavailable: " + e.getMessage();
          }
          case NO_SUCH_ENDPOINT ->
              e instanceof AdminException
                  ? e.getMessage()
                  : "Unknown API endpoint: " + request.getMethod() + " " + request.getRequestURI();
          case INVALID_REQUEST -> e instanceof AdminException ? e.getMessage() : badRequest(e);
          default -> e.getMessage();
        };
    Rendered r = render(error, message, region, request);
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(r.status()).contentType(MediaType.APPLICATION_JSON);
    r.headers().forEach(response::header);
    return response.body(r.body());
  }

  /** What a refusal looks like on the wire; shared with the filter that guards /metrics. */
  static Rendered render(
      AdminError error, String message, String region, HttpServletRequest request) {
    Map<String, String> headers =
        error == AdminError.UNAUTHORIZED
            ? Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
            : Map.of();
    return new Rendered(
        error.status(),
        headers,
        new ErrorBody(error.code(), message, region, request.getRequestURI()));
  }

  record Rendered(int status, Map<String, String> headers, ErrorBody body) {}

  /** The error a failure is reported as. */
  static AdminError classify(Throwable e) {
    return switch (e) {
      case AdminException a -> a.error();
      // The staged layout cannot be computed, or an apply names the wrong version: the operator
      // changes the staging or the request, as the message says.
      case LayoutException l -> AdminError.INVALID_REQUEST;
      case LayoutUpdateException u -> AdminError.INVALID_REQUEST;
      // A node sent a layout version that fails the layout check.
      case LayoutRejectedException r -> AdminError.INVALID_REQUEST;
      case RpcUnavailableException u -> AdminError.SERVICE_UNAVAILABLE;
      case NoStorageNodesException n -> AdminError.SERVICE_UNAVAILABLE;
      // A node refusing our call is a wrong cluster secret or a bug, never the caller's fault.
      case RpcRejectedException r -> AdminError.INTERNAL_ERROR;
      case HttpMessageNotReadableException m -> AdminError.INVALID_REQUEST;
      case MalformedMessageException m -> AdminError.INVALID_REQUEST;
      case TypeMismatchException t -> AdminError.INVALID_REQUEST;
      case ErrorResponse r when r.getStatusCode().value() == HttpStatus.NOT_FOUND.value() ->
          AdminError.NO_SUCH_ENDPOINT;
      case ErrorResponse r
          when r.getStatusCode().value() == HttpStatus.METHOD_NOT_ALLOWED.value() ->
          AdminError.METHOD_NOT_ALLOWED;
      case ErrorResponse r when r.getStatusCode().is4xxClientError() -> AdminError.INVALID_REQUEST;
      default -> AdminError.INTERNAL_ERROR;
    };
  }

  /** Spring's own 4xx: the JSON parser's complaint is useful, its class names are not. */
  private static String badRequest(Exception e) {
    if (e instanceof LayoutException l) {
      return "The layout cannot be computed: " + l.getMessage();
    }
    if (e instanceof MalformedMessageException m) {
      return m.getMessage();
    }
    if (e instanceof LayoutUpdateException || e instanceof LayoutRejectedException) {
      return e.getMessage();
    }
    if (e instanceof HttpMessageNotReadableException m) {
      Throwable cause = m.getMostSpecificCause();
      String detail = cause instanceof JacksonException j ? j.getOriginalMessage() : null;
      return detail == null ? "Invalid JSON body" : "Invalid JSON body: " + detail;
    }
    if (e instanceof MethodArgumentTypeMismatchException t) {
      return "Invalid value for query parameter " + t.getName();
    }
    if (e instanceof ErrorResponse r && r.getBody().getDetail() != null) {
      return r.getBody().getDetail();
    }
    return "Bad request";
  }
}
