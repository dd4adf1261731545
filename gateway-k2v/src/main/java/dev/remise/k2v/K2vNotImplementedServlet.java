package dev.remise.k2v;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers every K2V request with 501 NotImplemented until the K2V API exists. */
final class K2vNotImplementedServlet extends HttpServlet {
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    byte[] body =
        ("{\"code\":\"NotImplemented\",\"message\":\"The K2V API is not implemented yet by Remise\","
                + "\"region\":null,\"path\":\""
                + req.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    res.setStatus(501);
    res.setContentType("application/json");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
