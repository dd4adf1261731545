package dev.remise.admin.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of the admin API for the tests that run it on a random port. */
final class AdminHttp {
  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = new JsonMapper();
  private final int port;
  private final String adminToken;

  AdminHttp(int port, String adminToken) {
    this.port = port;
    this.adminToken = adminToken;
  }

  /** A call with the admin token; {@code body} null for none. */
  Reply admin(String method, String path, String body) throws IOException, InterruptedException {
    return send(method, path, body, adminToken);
  }

  Reply send(String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r, json);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  record Reply(HttpResponse<String> response, JsonMapper json) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    Map<String, Object> object() {
      return map(json.readValue(response.body(), Object.class));
    }

    List<Object> array() {
      return list(json.readValue(response.body(), Object.class));
    }
  }
}
