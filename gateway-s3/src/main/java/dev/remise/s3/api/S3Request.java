package dev.remise.s3.api;

import java.util.Objects;

/**
 * A routed S3 request: the addressed bucket and object key, and the operation.
 *
 * @param bucket the bucket name, {@code null} for service-level requests ({@code GET /})
 * @param key the percent-decoded object key, {@code null} for bucket-level requests; never empty
 * @param endpoint the operation, with its parsed parameters
 */
public record S3Request(String bucket, String key, S3Endpoint endpoint) {
  public S3Request {
    Objects.requireNonNull(endpoint, "endpoint");
    if (key != null && (bucket == null || key.isEmpty())) {
      throw new IllegalArgumentException("a key needs a bucket and is never empty");
    }
  }

  /**
   * The {@code <Resource>} of an error about this request, as AWS writes it: {@code /bucket/key}.
   */
  public String resource() {
    return resourceOf(bucket, key);
  }

  static String resourceOf(String bucket, String key) {
    if (bucket == null) {
      return "/";
    }
    return key == null ? "/" + bucket : "/" + bucket + "/" + key;
  }
}
