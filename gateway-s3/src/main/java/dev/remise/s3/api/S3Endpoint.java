package dev.remise.s3.api;

import java.util.Objects;

/**
 * What an S3 request asks for, decided by {@link S3Router} from the method, the path and the query
 * alone (plus the one or two headers S3 uses to tell operations apart). One record per operation
 * Remise implements, named after the AWS operation; every other operation AWS defines arrives as
 * {@link NotImplemented} carrying its AWS name, so the server answers 501 naming it. Dispatch is an
 * exhaustive {@code switch} over this sealed type: implementing an operation adds a record here,
 * and the compiler then points at every place that must handle it.
 *
 * <p>{@code bucket} is the bucket name as addressed (path segment or virtual host), {@code key} the
 * percent-decoded object key, never empty.
 */
public sealed interface S3Endpoint {

  /** The AWS operation name, as used in error messages and metrics tags. */
  default String operation() {
    return getClass().getSimpleName();
  }

  /** {@code GET /}: the buckets the caller can see. */
  record ListBuckets() implements S3Endpoint {}

  /** {@code PUT /bucket}; the body may hold a {@link CreateBucketConfiguration}. */
  record CreateBucket(String bucket) implements S3Endpoint {
    public CreateBucket {
      Objects.requireNonNull(bucket, "bucket");
    }
  }

  /** {@code HEAD /bucket}. */
  record HeadBucket(String bucket) implements S3Endpoint {
    public HeadBucket {
      Objects.requireNonNull(bucket, "bucket");
    }
  }

  /** {@code DELETE /bucket}. */
  record DeleteBucket(String bucket) implements S3Endpoint {
    public DeleteBucket {
      Objects.requireNonNull(bucket, "bucket");
    }
  }

  /** {@code GET /bucket?location}. */
  record GetBucketLocation(String bucket) implements S3Endpoint {
    public GetBucketLocation {
      Objects.requireNonNull(bucket, "bucket");
    }
  }

  /** {@code GET /bucket?list-type=2}. */
  record ListObjectsV2(String bucket, ListObjectsV2Params params) implements S3Endpoint {
    public ListObjectsV2 {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(params, "params");
    }
  }

  /** {@code GET /bucket}: the original listing, paged by marker. */
  record ListObjects(String bucket, ListObjectsV1Params params) implements S3Endpoint {
    public ListObjects {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(params, "params");
    }
  }

  /** {@code PUT /bucket/key} without {@code x-amz-copy-source} (that is CopyObject). */
  record PutObject(String bucket, String key) implements S3Endpoint {
    public PutObject {
      requireObject(bucket, key);
    }
  }

  /** {@code POST /bucket/key?uploads}. */
  record CreateMultipartUpload(String bucket, String key) implements S3Endpoint {
    public CreateMultipartUpload {
      requireObject(bucket, key);
    }
  }

  /** {@code PUT /bucket/key?partNumber=N&uploadId=U} without {@code x-amz-copy-source}. */
  record UploadPart(String bucket, String key, int partNumber, String uploadId)
      implements S3Endpoint {
    public UploadPart {
      requireObject(bucket, key);
    }
  }

  /** {@code POST /bucket/key?uploadId=U}. */
  record CompleteMultipartUpload(String bucket, String key, String uploadId) implements S3Endpoint {
    public CompleteMultipartUpload {
      requireObject(bucket, key);
    }
  }

  /** {@code DELETE /bucket/key?uploadId=U}. */
  record AbortMultipartUpload(String bucket, String key, String uploadId) implements S3Endpoint {
    public AbortMultipartUpload {
      requireObject(bucket, key);
    }
  }

  /**
   * {@code GET /bucket/key}. Ranges, {@code partNumber}, preconditions and the {@code response-*}
   * overrides are read by the handler from the request itself.
   */
  record GetObject(String bucket, String key) implements S3Endpoint {
    public GetObject {
      requireObject(bucket, key);
    }
  }

  /** {@code HEAD /bucket/key}. */
  record HeadObject(String bucket, String key) implements S3Endpoint {
    public HeadObject {
      requireObject(bucket, key);
    }
  }

  /** {@code DELETE /bucket/key} without {@code uploadId} (that is AbortMultipartUpload). */
  record DeleteObject(String bucket, String key) implements S3Endpoint {
    public DeleteObject {
      requireObject(bucket, key);
    }
  }

  /**
   * {@code OPTIONS} on anything: a CORS preflight. It is routed before any other check because
   * browsers send it without credentials. {@code bucket} and {@code key} are {@code null} when the
   * request does not name them.
   */
  record Options(String bucket, String key) implements S3Endpoint {}

  /**
   * An operation AWS defines that Remise does not implement (yet). The responder answers 501
   * NotImplemented naming {@code operation}, never 500 and never a wrong operation. {@code bucket}
   * and {@code key} may be {@code null}.
   */
  record NotImplemented(String operation, String bucket, String key) implements S3Endpoint {
    public NotImplemented {
      Objects.requireNonNull(operation, "operation");
    }

    /** The error to answer with. */
    public S3Exception exception() {
      return new S3Exception(
          S3Error.NOT_IMPLEMENTED,
          operation + " is not implemented",
          S3Request.resourceOf(bucket, key));
    }
  }

  private static void requireObject(String bucket, String key) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("an object key is never empty");
    }
  }
}
