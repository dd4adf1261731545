package dev.remise.cli.check;

import dev.remise.cli.check.Operation.Result;
import dev.remise.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GetObject, PutObject and DeleteObject on one S3 endpoint, path-style, SigV4-signed by {@link
 * SigV4Signer} with the payload's SHA-256. Every request is bounded by {@code timeout}; a request
 * that outlives it fails with {@link java.net.http.HttpTimeoutException}, which the workload
 * records as a failed operation.
 */
public final class S3Gateway implements Gateway {
  private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
  private static final byte[] EMPTY = new byte[0];

  private final URI endpoint;
  private final String bucket;
  private final SigV4Signer signer;
  private final HttpClient http;
  private final Duration timeout;
  private final InstantSource clock;

  /**
   * @param http shared by every gateway of a run (it pools connections per host)
   */
  public S3Gateway(
      URI endpoint,
      String bucket,
      SigV4Signer signer,
      HttpClient http,
      Duration timeout,
      InstantSource clock) {
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.signer = signer;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public String name() {
    return endpoint.toString();
  }

  @Override
  public Result get(String key) throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", key, EMPTY);
    if (r.statusCode() == 200) {
      return new Result.Found(r.body());
    }
    if (r.statusCode() == 404 && "NoSuchKey".equals(errorCode(r.body()))) {
      return new Result.NotFound();
    }
    return failure(r);
  }

  @Override
  public Result put(String key, String value) throws IOException, InterruptedException {
    HttpResponse<String> r = send("PUT", key, value.getBytes(StandardCharsets.UTF_8));
    return r.statusCode() == 200 ? new Result.Ok() : failure(r);
  }

  @Override
  public Result delete(String key) throws IOException, InterruptedException {
    HttpResponse<String> r = send("DELETE", key, EMPTY);
    return r.statusCode() == 204 || r.statusCode() == 200 ? new Result.Ok() : failure(r);
  }

  private HttpResponse<String> send(String method, String key, byte[] body)
      throws IOException, InterruptedException {
    URI uri = endpoint.resolve("/" + encodePath(bucket) + "/" + encodePath(key));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    Map<String, String> auth = signer.sign(method, uri, body, clock.instant());
    auth.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static Result failure(HttpResponse<String> r) {
    String code = errorCode(r.body());
    return new Result.Failed("HTTP " + r.statusCode() + (code == null ? "" : " " + code));
  }

  private static String errorCode(String body) {
    Matcher m = ERROR_CODE.matcher(body == null ? "" : body);
    return m.find() ? m.group(1) : null;
  }

  /** Percent-encodes all but the unreserved characters and {@code '/'}, as S3 clients do. */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
