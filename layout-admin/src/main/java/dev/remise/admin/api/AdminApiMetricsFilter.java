package dev.remise.admin.api;

import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Measures every {@code /v2/*} call, whatever answers it: a handler, the authentication gate or the
 * 404 for an unknown operation. A filter, not an interceptor, because an interceptor that refuses a
 * call never sees it complete.
 */
public final class AdminApiMetricsFilter extends OncePerRequestFilter {
  private final AdminApiMetrics metrics;

  public AdminApiMetricsFilter(AdminApiMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AdminEndpoint endpoint = AdminAuthInterceptor.endpointOf(request);
    Timer.Sample sample = metrics.start();
    try {
      chain.doFilter(request, response);
    } finally {
      metrics.record(
          endpoint == null ? AdminApiMetrics.UNKNOWN : endpoint.name(),
          response.getStatus(),
          sample);
    }
  }
}
