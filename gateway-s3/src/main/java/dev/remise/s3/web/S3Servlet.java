package dev.remise.s3.web;

import dev.remise.model.admin.AccessKey;
import dev.remise.s3.access.AccessKeys;
import dev.remise.s3.api.S3Endpoint;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.s3.api.S3Request;
import dev.remise.s3.api.S3Router;
import dev.remise.s3.api.S3Xml;
import dev.remise.sigv4.AuthenticatedRequest;
import dev.remise.sigv4.SigV4Verifier;
import dev.remise.sigv4.SignedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The S3 edge: every request on the S3 port goes through here. It routes the raw request (path
 * still percent-encoded, query parsed by us), verifies SigV4 against the key table, dispatches on
 * the endpoint with an exhaustive switch, and turns any failure into an S3 XML error. A plain
 * servlet rather than Spring MVC controllers: S3 addresses operations by method, subresource and
 * headers, and keys may contain anything, so Spring's path matching would only get in the way.
 */
public final class S3Servlet extends HttpServlet {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final S3Router router;
  private final SigV4Verifier verifier;
  private final AccessKeys keys;
  private final BucketEndpoints buckets;
  private final ObjectEndpoints objects;
  private final MeterRegistry meters;

  public S3Servlet(
      S3Router router,
      SigV4Verifier verifier,
      AccessKeys keys,
      BucketEndpoints buckets,
      ObjectEndpoints objects,
      MeterRegistry meters) {
    this.router = router;
    this.verifier = verifier;
    this.keys = keys;
    this.buckets = buckets;
    this.objects = objects;
    this.meters = meters;
  }

  @Override
  protected void service(HttpServletRequest http, HttpServletResponse response) throws IOException {
    String requestId = HexFormat.of().formatHex(nextId());
    response.setHeader("x-amz-request-id", requestId);
    response.setHeader("Server", "Remise");
    String operation = "Unknown";
    String resource = http.getRequestURI();
    long started = System.nanoTime();
    try {
      SignedRequest signed =
          new SignedRequest(
              http.getMethod(), http.getRequestURI(), http.getQueryString(), headers(http));
      S3Request route =
          router.route(
              http.getMethod(),
              http.getHeader("host"),
              http.getRequestURI(),
              QueryString.parse(http.getQueryString()),
              http::getHeader);
      operation = operationName(route.endpoint());
      resource = route.resource();
      if (route.endpoint() instanceof S3Endpoint.Options) {
        // Preflights carry no signature; they are answered by CORS rules, which come later.
        throw new S3Exception(S3Error.NOT_IMPLEMENTED, "CORS preflight is not implemented yet");
      }
      AtomicReference<AccessKey> key = new AtomicReference<>();
      AuthenticatedRequest auth =
          verifier.verify(
              signed,
              id -> {
                Optional<AccessKey> k = keys.find(id);
                k.ifPresent(key::set);
                return k.map(AccessKey::secretKey);
              });
      dispatch(new S3Call(http, response, signed, auth, key.get(), route));
    } catch (Throwable t) {
      S3ErrorResponder.Failure f = S3ErrorResponder.toS3(t);
      count(operation, f.error().status());
      writeError(http, response, f, resource, requestId);
      return;
    } finally {
      Timer.builder("api.s3.request.duration")
          .description("Duration of S3 API requests")
          .tag("api_endpoint", operation)
          .register(meters)
          .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    count(operation, response.getStatus());
  }

  private void dispatch(S3Call call) throws IOException {
    switch (call.route().endpoint()) {
      case S3Endpoint.ListBuckets e -> buckets.listBuckets(call);
      case S3Endpoint.CreateBucket e -> buckets.createBucket(call, e.bucket());
      case S3Endpoint.HeadBucket e -> buckets.headBucket(call, e.bucket());
      case S3Endpoint.DeleteBucket e -> buckets.deleteBucket(call, e.bucket());
      case S3Endpoint.GetBucketLocation e -> buckets.getBucketLocation(call, e.bucket());
      case S3Endpoint.ListObjectsV2 e -> buckets.listObjectsV2(call, e.bucket(), e.params());
      case S3Endpoint.ListObjects e -> buckets.listObjects(call, e.bucket(), e.params());
      case S3Endpoint.PutObject e -> objects.putObject(call, e.bucket(), e.key());
      case S3Endpoint.GetObject e -> objects.getObject(call, e.bucket(), e.key(), true);
      case S3Endpoint.HeadObject e -> objects.getObject(call, e.bucket(), e.key(), false);
      case S3Endpoint.DeleteObject e -> objects.deleteObject(call, e.bucket(), e.key());
      case S3Endpoint.CreateMultipartUpload e ->
          objects.createMultipartUpload(call, e.bucket(), e.key());
      case S3Endpoint.UploadPart e ->
          objects.uploadPart(call, e.bucket(), e.key(), e.partNumber(), e.uploadId());
      case S3Endpoint.CompleteMultipartUpload e ->
          objects.completeMultipartUpload(call, e.bucket(), e.key(), e.uploadId());
      case S3Endpoint.AbortMultipartUpload e ->
          objects.abortMultipartUpload(call, e.bucket(), e.key(), e.uploadId());
      case S3Endpoint.Options e ->
          throw new S3Exception(S3Error.NOT_IMPLEMENTED, "CORS preflight is not implemented yet");
      case S3Endpoint.NotImplemented e ->
          throw new S3Exception(
              S3Error.NOT_IMPLEMENTED, e.operation() + " is not implemented yet by Remise");
    }
  }

  private static String operationName(S3Endpoint endpoint) {
    return endpoint instanceof S3Endpoint.NotImplemented n
        ? n.operation()
        : endpoint.getClass().getSimpleName();
  }

  private void count(String operation, int status) {
    Counter.builder("api.s3.request.counter")
        .description("S3 API requests by operation")
        .tag("api_endpoint", operation)
        .register(meters)
        .increment();
    if (status >= 400) {
      Counter.builder("api.s3.error.counter")
          .description("S3 API requests that ended in an error, by operation and HTTP status")
          .tag("api_endpoint", operation)
          .tag("status_code", Integer.toString(status))
          .register(meters)
          .increment();
    }
  }

  private static void writeError(
      HttpServletRequest http,
      HttpServletResponse response,
      S3ErrorResponder.Failure f,
      String resource,
      String requestId)
      throws IOException {
    if (response.isCommitted()) {
      // Headers (and maybe data) are already on the wire: the only honest signal left is to cut the
      // connection, so the client sees a truncated body instead of a silently wrong one.
      throw new IOException(
          "failure after the response started: " + f.error().code() + " " + f.message());
    }
    response.reset();
    response.setHeader("x-amz-request-id", requestId);
    response.setStatus(f.error().status());
    if (f.error() == S3Error.INVALID_RANGE
        && http.getAttribute(ObjectEndpoints.SIZE_ATTRIBUTE) != null) {
      response.setHeader(
          "Content-Range", "bytes */" + http.getAttribute(ObjectEndpoints.SIZE_ATTRIBUTE));
    }
    if ("HEAD".equals(http.getMethod())) {
      return;
    }
    byte[] body =
        S3Xml.error(f.error(), f.message(), resource, requestId).getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/xml");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static Map<String, List<String>> headers(HttpServletRequest http) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : Collections.list(http.getHeaderNames())) {
      out.put(name, new ArrayList<>(Collections.list(http.getHeaders(name))));
    }
    return out;
  }

  private static byte[] nextId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }
}
