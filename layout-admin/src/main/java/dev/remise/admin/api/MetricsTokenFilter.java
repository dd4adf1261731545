package dev.remise.admin.api;

import dev.remise.admin.access.AdminException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code GET /metrics} with the metrics token when one is configured (Garage's {@code
 * metrics_token}); without one the endpoint is open, as in Garage. The endpoint belongs to the
 * actuator, outside the MVC handlers, so this filter renders its own refusals, in the same body as
 * {@link AdminErrorResponder}.
 */
public final class MetricsTokenFilter extends OncePerRequestFilter {
  private final BearerToken token;
  private final String region;
  private final JsonMapper json;

  public MetricsTokenFilter(BearerToken token, String region, JsonMapper json) {
    this.token = token;
    this.region = region;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (token.configured()) {
      try {
        token.check(request.getHeader(HttpHeaders.AUTHORIZATION));
      } catch (AdminException e) {
        AdminErrorResponder.Rendered r =
            AdminErrorResponder.render(e.error(), e.getMessage(), region, request);
        response.setStatus(r.status());
        r.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), r.body());
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
