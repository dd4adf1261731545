package dev.remise.s3.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writing small XML bodies with an exact Content-Length (no chunked encoding for tiny replies). */
final class Responses {
  private Responses() {}

  static void xml(HttpServletResponse response, int status, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/xml");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
