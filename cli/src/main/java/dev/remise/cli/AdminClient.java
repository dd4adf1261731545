package dev.remise.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's side of the admin API v2: JSON over HTTP with the bearer admin token. The token comes
 * from {@code --admin-token}, else {@code REMISE_ADMIN_TOKEN}, else the single-node credentials
 * file in the data dir.
 */
final class AdminClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  AdminClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  static AdminClient from(AdminOptions o) throws IOException {
    String token = o.adminToken;
    if (token == null || token.isBlank()) {
      token = System.getenv("REMISE_ADMIN_TOKEN");
    }
    if (token == null || token.isBlank()) {
      token =
          SingleNodeIdentity.read(o.dataDir.resolve(SingleNodeIdentity.FILE_NAME))
              .getProperty("admin_token");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(
          "no admin token: pass --admin-token, set REMISE_ADMIN_TOKEN, or run next to a single-node data dir");
    }
    return new AdminClient(o.adminUrl, token);
  }

  JsonNode get(String operation, String... query) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(operation, query)).GET());
  }

  JsonNode post(String operation, Object body, String... query)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(operation, query))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /**
   * {@link #post}, sent again while it answers 404 for up to {@code within}: in the degraded and
   * dangerous consistency modes a read may not see a write acknowledged just before (a bucket just
   * created, a key just made).
   */
  JsonNode postUntilFound(String operation, Object body, Duration within)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        return post(operation, body);
      } catch (AdminApiException e) {
        if (e.status != 404 || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
  }

  private URI uri(String operation, String... query) {
    StringBuilder s = new StringBuilder("/v2/").append(operation);
    for (int i = 0; i + 1 < query.length; i += 2) {
      s.append(i == 0 ? '?' : '&')
          .append(query[i])
          .append('=')
          .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
    }
    return base.resolve(s.toString());
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    if (r.statusCode() >= 300) {
      String message = body.path("message").asString(r.body());
      throw new AdminApiException(r.statusCode(), body.path("code").asString("Error"), message);
    }
    return body;
  }

  static String pretty(JsonNode node) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  /** Options shared by every command that talks to the admin API. */
  static final class AdminOptions {
    @picocli.CommandLine.Option(
        names = "--admin-url",
        description = "Admin API endpoint (default: ${DEFAULT-VALUE}).")
    URI adminUrl = URI.create("http://127.0.0.1:3903");

    @picocli.CommandLine.Option(
        names = "--admin-token",
        description = "Admin token (default: $REMISE_ADMIN_TOKEN or the single-node data dir's).")
    String adminToken;

    @picocli.CommandLine.Option(
        names = "--data-dir",
        description =
            "Single-node data dir to read the admin token from (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("data");
  }

  static final class AdminApiException extends IOException {
    final int status;

    AdminApiException(int status, String code, String message) {
      super(code + " (HTTP " + status + "): " + message);
      this.status = status;
    }
  }
}
