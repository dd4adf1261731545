package dev.remise.bench;

import dev.remise.sigv4.AuthenticatedRequest;
import dev.remise.sigv4.SigV4Signer;
import dev.remise.sigv4.SigV4Verifier;
import dev.remise.sigv4.SignedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying the SigV4 header signature of one small PutObject, as the gateway does for every
 * request: canonical request, string to sign, the four-step HMAC key derivation and the final HMAC.
 * The payload hash itself is not part of it (a 4 KiB body's SHA-256 is in the request).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SigV4Benchmark {
  private static final String ACCESS_KEY = "GK31c2f218a2e44f485b94239e";
  private static final String SECRET =
      "b892c0665f0ada8a4755dae98baa3b133590e11dae3bcc1f9d769d67f16c3835";
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private SigV4Verifier verifier;
  private SignedRequest request;

  @Setup
  public void setUp() {
    URI uri = URI.create("http://127.0.0.1:3900/bucket/photos/2026/img-0042.jpg?x-id=PutObject");
    byte[] body = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
    Map<String, String> signed =
        new SigV4Signer("remise", "s3", ACCESS_KEY, SECRET).sign("PUT", uri, body, NOW);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of(SigV4Signer.host(uri)));
    signed.forEach((k, v) -> headers.put(k, List.of(v)));
    request = new SignedRequest("PUT", uri.getRawPath(), uri.getRawQuery(), headers);
    verifier = new SigV4Verifier("remise", "s3", InstantSource.fixed(NOW));
  }

  @Benchmark
  public AuthenticatedRequest verifyHeaderSignature() {
    return verifier.verify(
        request, id -> id.equals(ACCESS_KEY) ? Optional.of(SECRET) : Optional.empty());
  }
}
