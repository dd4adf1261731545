package dev.remise.cli;

import dev.remise.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A SigV4-signed S3 {@code ListBuckets} ({@code GET /}), the request a client makes first: it
 * answers 200 only when the gateway is up, verifies signatures with a key it reads from its
 * metadata nodes, and sees the buckets there. The dev cluster uses it to tell a node that serves
 * from one that merely listens. Signed by the project's own {@link SigV4Signer} (the signer of the
 * AWS SDK is a test dependency only).
 */
final class SignedS3Probe {
  private static final byte[] EMPTY = new byte[0];

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final InstantSource clock;
  private final SigV4Signer signer;

  SignedS3Probe(InstantSource clock, String region, String accessKeyId, String secretKey) {
    this.clock = clock;
    this.signer = new SigV4Signer(region, "s3", accessKeyId, secretKey);
  }

  /** The answer of {@code ListBuckets} at {@code endpoint}: status and body. */
  HttpResponse<String> listBuckets(URI endpoint) throws IOException, InterruptedException {
    URI uri = endpoint.resolve("/");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
    signer.sign("GET", uri, EMPTY, clock.instant()).forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
