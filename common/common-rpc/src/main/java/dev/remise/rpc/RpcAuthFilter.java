package dev.remise.rpc;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Guards an internal port: every request must carry a valid {@link RpcAuth} proof, except the
 * read-only {@code GET /health} and {@code GET /metrics} that monitoring needs. 401 when the proof
 * is missing, 403 when it is wrong or stale.
 */
public final class RpcAuthFilter implements Filter {
  private static final Set<String> OPEN_PATHS = Set.of("/health", "/metrics");

  private final RpcAuth auth;

  public RpcAuthFilter(RpcAuth auth) {
    this.auth = auth;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) req;
    String path = http.getRequestURI();
    if ("GET".equals(http.getMethod()) && OPEN_PATHS.contains(path)) {
      chain.doFilter(req, res);
      return;
    }
    String header = http.getHeader(RpcAuth.HEADER);
    String pathAndQuery = http.getQueryString() == null ? path : path + "?" + http.getQueryString();
    if (header == null) {
      reject((HttpServletResponse) res, 401, "missing cluster-secret proof");
    } else if (!auth.verify(http.getMethod(), pathAndQuery, header)) {
      reject((HttpServletResponse) res, 403, "invalid or stale cluster-secret proof");
    } else {
      chain.doFilter(req, res);
    }
  }

  private static void reject(HttpServletResponse res, int status, String message)
      throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.getWriter()
        .write(
            "{\"code\":\""
                + (status == 401 ? "Unauthorized" : "Forbidden")
                + "\",\"message\":\""
                + message
                + "\"}");
  }
}
