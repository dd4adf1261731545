package dev.remise.cli.bench;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3Target} over the AWS SDK for Java v2: one {@link S3Client}, path-style, with a sync
 * Apache 5 HTTP client holding a connection per worker. No retries, so every failure shows. The SDK
 * signs as it does by default (over plain HTTP it signs the payload's SHA-256); {@link
 * #payloadMode} reports what the first PutObject actually sent in {@code x-amz-content-sha256}.
 */
public final class SdkS3Target implements S3Target, AutoCloseable {
  private static final int READ_BUFFER = 64 * 1024;

  /**
   * @param checksums {@code true}: the SDK's default flexible checksums (a CRC32 of every PUT body,
   *     validation of GET checksums); {@code false}: only where an operation requires one, as the
   *     peer measurements in the design notes were taken
   * @param verify compare the MD5 of every GET body with the object's ETag (single-part objects)
   */
  public record Config(
      URI endpoint,
      String region,
      String accessKeyId,
      String secretAccessKey,
      String bucket,
      int connections,
      Duration timeout,
      boolean checksums,
      boolean verify) {}

  private final Config config;
  private final S3Client s3;
  private final AtomicReference<String> payloadMode = new AtomicReference<>();

  public SdkS3Target(Config config) {
    this.config = config;
    ExecutionInterceptor observer =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest && payloadMode.get() == null) {
              payloadMode.compareAndSet(
                  null,
                  context
                      .httpRequest()
                      .firstMatchingHeader("x-amz-content-sha256")
                      .orElse("(none)"));
            }
          }
        };
    this.s3 =
        S3Client.builder()
            .httpClient(
                Apache5HttpClient.builder()
                    .maxConnections(config.connections())
                    .connectionAcquisitionTimeout(config.timeout())
                    .socketTimeout(config.timeout())
                    .build())
            .endpointOverride(config.endpoint())
            .forcePathStyle(true)
            .region(Region.of(config.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())))
            .requestChecksumCalculation(
                config.checksums()
                    ? RequestChecksumCalculation.WHEN_SUPPORTED
                    : RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                config.checksums()
                    ? ResponseChecksumValidation.WHEN_SUPPORTED
                    : ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(config.timeout())
                        .addExecutionInterceptor(observer))
            .build();
  }

  /**
   * The {@code x-amz-content-sha256} of the first PutObject sent: a hex SHA-256 (payload signed),
   * {@code UNSIGNED-PAYLOAD}, or an aws-chunked mode such as {@code
   * STREAMING-UNSIGNED-PAYLOAD-TRAILER}; null before any PUT.
   */
  public String payloadMode() {
    return payloadMode.get();
  }

  /** A person's reading of {@link #payloadMode}. */
  public static String describePayloadMode(String header) {
    if (header == null) {
      return "unknown (no PUT sent)";
    }
    if (header.matches("[0-9a-f]{64}")) {
      return "signed (SHA-256 of the body)";
    }
    if (header.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")) {
      return "signed (aws-chunked, " + header + ")";
    }
    return "unsigned (" + header + ")";
  }

  @Override
  public void ensureBucket() {
    try {
      s3.headBucket(b -> b.bucket(config.bucket()));
    } catch (NoSuchBucketException e) {
      s3.createBucket(b -> b.bucket(config.bucket()));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      s3.createBucket(b -> b.bucket(config.bucket()));
    }
  }

  @Override
  public void put(String key, long length, Supplier<InputStream> body) {
    s3.putObject(
        b -> b.bucket(config.bucket()).key(key).contentLength(length),
        RequestBody.fromContentProvider(body::get, length, "application/octet-stream"));
  }

  @Override
  public long get(String key, Runnable firstByte) throws Exception {
    MessageDigest md5 = config.verify() ? MessageDigest.getInstance("MD5") : null;
    byte[] buffer = new byte[READ_BUFFER];
    long total = 0;
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(config.bucket()).key(key))) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (total == 0 && n > 0) {
          firstByte.run();
        }
        total += n;
        if (md5 != null) {
          md5.update(buffer, 0, n);
        }
      }
      if (md5 != null) {
        String etag = in.response().eTag() == null ? "" : in.response().eTag().replace("\"", "");
        // A multipart ETag (md5-of-md5s "-N") says nothing of the bytes.
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!etag.contains("-") && !etag.equalsIgnoreCase(actual)) {
          throw new IllegalStateException(
              "GET " + key + ": body MD5 " + actual + " differs from ETag " + etag);
        }
      }
    }
    return total;
  }

  @Override
  public void head(String key) {
    s3.headObject(b -> b.bucket(config.bucket()).key(key));
  }

  @Override
  public List<String> list(String prefix, int maxKeys) {
    return s3
        .listObjectsV2(b -> b.bucket(config.bucket()).prefix(prefix).maxKeys(maxKeys))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(b -> b.bucket(config.bucket()).key(key));
  }

  @Override
  public void listBuckets() {
    s3.listBuckets();
  }

  @Override
  public void close() {
    s3.close();
  }
}
