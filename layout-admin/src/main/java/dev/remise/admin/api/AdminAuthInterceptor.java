package dev.remise.admin.api;

import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The gate of {@code /v2/*}: a path that names no Garage operation is 404 before any authentication
 * (as Garage routes before it authenticates); every operation then needs the admin token. What it
 * throws is rendered by {@link AdminErrorResponder}.
 */
public final class AdminAuthInterceptor implements HandlerInterceptor {
  static final String PREFIX = "/v2/";

  private final BearerToken adminToken;

  public AdminAuthInterceptor(BearerToken adminToken) {
    this.adminToken = adminToken;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (endpointOf(request) == null) {
      throw noSuch(request);
    }
    adminToken.check(request.getHeader(HttpHeaders.AUTHORIZATION));
    return true;
  }

  /** The operation a request names, or null. */
  static AdminEndpoint endpointOf(HttpServletRequest request) {
    String path = request.getRequestURI();
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    return AdminEndpoint.byName(path.substring(PREFIX.length())).orElse(null);
  }

  static AdminException noSuch(HttpServletRequest request) {
    return new AdminException(
        AdminError.NO_SUCH_ENDPOINT,
        "Unknown API endpoint: " + request.getMethod() + " " + request.getRequestURI());
  }
}
