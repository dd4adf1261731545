package dev.remise.s3.api;

import static dev.remise.s3.api.S3Operation.*;

import dev.remise.s3.api.S3Endpoint.AbortMultipartUpload;
import dev.remise.s3.api.S3Endpoint.CompleteMultipartUpload;
import dev.remise.s3.api.S3Endpoint.CreateBucket;
import dev.remise.s3.api.S3Endpoint.CreateMultipartUpload;
import dev.remise.s3.api.S3Endpoint.DeleteBucket;
import dev.remise.s3.api.S3Endpoint.DeleteObject;
import dev.remise.s3.api.S3Endpoint.GetBucketLocation;
import dev.remise.s3.api.S3Endpoint.GetObject;
import dev.remise.s3.api.S3Endpoint.HeadBucket;
import dev.remise.s3.api.S3Endpoint.HeadObject;
import dev.remise.s3.api.S3Endpoint.ListBuckets;
import dev.remise.s3.api.S3Endpoint.ListObjects;
import dev.remise.s3.api.S3Endpoint.ListObjectsV2;
import dev.remise.s3.api.S3Endpoint.NotImplemented;
import dev.remise.s3.api.S3Endpoint.Options;
import dev.remise.s3.api.S3Endpoint.PutObject;
import dev.remise.s3.api.S3Endpoint.UploadPart;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which S3 operation a request is, as AWS and Garage's router do, in three steps:
 *
 * <ol>
 *   <li><b>Address.</b> The bucket is the first path segment (path style) or, when a root domain is
 *       configured and the {@code Host} is {@code <bucket>.<root domain>}, the host prefix
 *       (virtual-host style). The key is the rest of the path, percent-decoded, with every {@code
 *       /} kept: {@code /b//k} is key {@code /k}, as in AWS.
 *   <li><b>Operation.</b> The method, whether a key is present, and the one sub-resource keyword in
 *       the query ({@code ?acl}, {@code ?uploads}, ...) select an {@link S3Operation} from the
 *       tables below; a few operations are told apart by a parameter ({@code uploadId}, {@code
 *       partNumber}, {@code list-type}, {@code id}) or a header ({@code x-amz-copy-source}).
 *       Parameters S3 does not route on ({@code x-id}, {@code versionId}, presigning parameters,
 *       ...) are ignored, as AWS does.
 *   <li><b>Endpoint.</b> An exhaustive {@code switch} over the operation gives its {@link
 *       S3Endpoint} record, or {@link NotImplemented}. Implementing an operation moves it out of
 *       the not-implemented arm into a line of its own.
 * </ol>
 *
 * <p>The router does no I/O and checks no credentials; bucket names are validated only when a
 * bucket is created.
 */
public final class S3Router {
  /**
   * Query parameters that name a sub-resource and so select the operation; a request names at most
   * one.
   */
  private static final Set<String> SUBRESOURCES =
      Set.of(
          "accelerate",
          "acl",
          "analytics",
          "attributes",
          "cors",
          "delete",
          "encryption",
          "intelligent-tiering",
          "inventory",
          "legal-hold",
          "lifecycle",
          "location",
          "logging",
          "metadataTable",
          "metrics",
          "notification",
          "object-lock",
          "ownershipControls",
          "policy",
          "policyStatus",
          "publicAccessBlock",
          "renameObject",
          "replication",
          "requestPayment",
          "restore",
          "retention",
          "select",
          "session",
          "tagging",
          "torrent",
          "uploads",
          "versioning",
          "versions",
          "website");

  private final String rootDomain;

  /** A router for path-style addressing only. */
  public S3Router() {
    this(null);
  }

  /**
   * @param rootDomain the domain under which buckets are also addressed as virtual hosts ({@code
   *     s3.example.com} makes {@code photos.s3.example.com} bucket {@code photos}); a leading dot
   *     is ignored, as in Garage's configuration; {@code null} or blank for path style only
   */
  public S3Router(String rootDomain) {
    if (rootDomain == null || rootDomain.isBlank()) {
      this.rootDomain = null;
    } else {
      String domain = rootDomain.strip().toLowerCase(Locale.ROOT);
      this.rootDomain = domain.startsWith(".") ? domain.substring(1) : domain;
    }
  }

  /**
   * Routes one request.
   *
   * @param method the HTTP method, as sent (methods are case-sensitive)
   * @param host the {@code Host} header, possibly with a port; may be {@code null}
   * @param rawPath the request path exactly as received, still percent-encoded, without the query
   *     string
   * @param query the query parameters, already decoded
   * @param header looks a request header up by lower-case name; {@code null} when absent
   * @throws S3Exception {@link S3Error#INVALID_URI} for a path that does not decode, {@link
   *     S3Error#METHOD_NOT_ALLOWED} for a method or sub-resource that does not apply to the
   *     addressed resource, {@link S3Error#INVALID_ARGUMENT} for conflicting sub-resources or bad
   *     listing parameters
   */
  public S3Request route(
      String method,
      String host,
      String rawPath,
      Map<String, List<String>> query,
      Function<String, String> header) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(header, "header");
    Address address = address(host, rawPath);
    String bucket = address.bucket();
    String key = address.key();
    // Preflights carry no credentials and may target anything; CORS rules decide, not the router.
    if (method.equals("OPTIONS")) {
      return new S3Request(bucket, key, new Options(bucket, key));
    }
    QueryParameters params = new QueryParameters(query);
    S3Operation operation;
    if (bucket == null) {
      if (!method.equals("GET")) {
        throw notAllowed();
      }
      operation = ListBuckets;
    } else {
      String subresource = subresource(params);
      operation =
          key == null
              ? bucketOperation(method, subresource, params, header)
              : objectOperation(method, subresource, params, header);
    }
    return new S3Request(bucket, key, endpoint(operation, bucket, key, params));
  }

  /**
   * The one place that says which operations Remise implements. Every operation not listed in an
   * arm of its own answers 501 naming it.
   */
  private static S3Endpoint endpoint(
      S3Operation operation, String bucket, String key, QueryParameters params) {
    return switch (operation) {
      case ListBuckets -> new ListBuckets();
      case CreateBucket -> new CreateBucket(bucket);
      case HeadBucket -> new HeadBucket(bucket);
      case DeleteBucket -> new DeleteBucket(bucket);
      case GetBucketLocation -> new GetBucketLocation(bucket);
      case ListObjectsV2 -> new ListObjectsV2(bucket, ListObjectsV2Params.fromQuery(params));
      case ListObjects -> new ListObjects(bucket, ListObjectsV1Params.fromQuery(params));
      case PutObject -> new PutObject(bucket, key);
      case GetObject -> new GetObject(bucket, key);
      case HeadObject -> new HeadObject(bucket, key);
      case DeleteObject -> new DeleteObject(bucket, key);
      case CreateMultipartUpload -> new CreateMultipartUpload(bucket, key);
      case UploadPart -> new UploadPart(bucket, key, partNumber(params), params.single("uploadId"));
      case CompleteMultipartUpload ->
          new CompleteMultipartUpload(bucket, key, params.single("uploadId"));
      case AbortMultipartUpload -> new AbortMultipartUpload(bucket, key, params.single("uploadId"));
      case CopyObject,
          CreateBucketMetadataTableConfiguration,
          CreateSession,
          DeleteBucketAnalyticsConfiguration,
          DeleteBucketCors,
          DeleteBucketEncryption,
          DeleteBucketIntelligentTieringConfiguration,
          DeleteBucketInventoryConfiguration,
          DeleteBucketLifecycle,
          DeleteBucketMetadataTableConfiguration,
          DeleteBucketMetricsConfiguration,
          DeleteBucketOwnershipControls,
          DeleteBucketPolicy,
          DeleteBucketReplication,
          DeleteBucketTagging,
          DeleteBucketWebsite,
          DeleteObjectTagging,
          DeleteObjects,
          DeletePublicAccessBlock,
          GetBucketAccelerateConfiguration,
          GetBucketAcl,
          GetBucketAnalyticsConfiguration,
          GetBucketCors,
          GetBucketEncryption,
          GetBucketIntelligentTieringConfiguration,
          GetBucketInventoryConfiguration,
          GetBucketLifecycleConfiguration,
          GetBucketLogging,
          GetBucketMetadataTableConfiguration,
          GetBucketMetricsConfiguration,
          GetBucketNotificationConfiguration,
          GetBucketOwnershipControls,
          GetBucketPolicy,
          GetBucketPolicyStatus,
          GetBucketReplication,
          GetBucketRequestPayment,
          GetBucketTagging,
          GetBucketVersioning,
          GetBucketWebsite,
          GetObjectAcl,
          GetObjectAttributes,
          GetObjectLegalHold,
          GetObjectLockConfiguration,
          GetObjectRetention,
          GetObjectTagging,
          GetObjectTorrent,
          GetPublicAccessBlock,
          ListBucketAnalyticsConfigurations,
          ListBucketIntelligentTieringConfigurations,
          ListBucketInventoryConfigurations,
          ListBucketMetricsConfigurations,
          ListMultipartUploads,
          ListObjectVersions,
          ListParts,
          PostObject,
          PutBucketAccelerateConfiguration,
          PutBucketAcl,
          PutBucketAnalyticsConfiguration,
          PutBucketCors,
          PutBucketEncryption,
          PutBucketIntelligentTieringConfiguration,
          PutBucketInventoryConfiguration,
          PutBucketLifecycleConfiguration,
          PutBucketLogging,
          PutBucketMetricsConfiguration,
          PutBucketNotificationConfiguration,
          PutBucketOwnershipControls,
          PutBucketPolicy,
          PutBucketReplication,
          PutBucketRequestPayment,
          PutBucketTagging,
          PutBucketVersioning,
          PutBucketWebsite,
          PutObjectAcl,
          PutObjectLegalHold,
          PutObjectLockConfiguration,
          PutObjectRetention,
          PutObjectTagging,
          PutPublicAccessBlock,
          RenameObject,
          RestoreObject,
          SelectObjectContent,
          UploadPartCopy ->
          new NotImplemented(operation.name(), bucket, key);
    };
  }

  /** S3 part numbers run from 1 to 10,000. */
  private static int partNumber(QueryParameters params) {
    String raw = params.single("partNumber");
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new S3Exception(
        S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, inclusive");
  }

  // The routing tables: a method per HTTP method and level, an arm per sub-resource ("" if none).

  private static S3Operation bucketOperation(
      String method, String subresource, QueryParameters params, Function<String, String> header) {
    return switch (method) {
      case "GET" -> getBucket(subresource, params);
      case "HEAD" -> subresource.isEmpty() ? HeadBucket : throwNotAllowed();
      case "PUT" -> putBucket(subresource);
      case "POST" -> postBucket(subresource, header);
      case "DELETE" -> deleteBucket(subresource);
      default -> throw notAllowed();
    };
  }

  private static S3Operation objectOperation(
      String method, String subresource, QueryParameters params, Function<String, String> header) {
    return switch (method) {
      case "GET" -> getObject(subresource, params);
      case "HEAD" -> subresource.isEmpty() ? HeadObject : throwNotAllowed();
      case "PUT" -> putObject(subresource, params, header);
      case "POST" -> postObject(subresource, params);
      case "DELETE" -> deleteObject(subresource, params);
      default -> throw notAllowed();
    };
  }

  private static S3Operation getBucket(String subresource, QueryParameters params) {
    return switch (subresource) {
      case "" -> params.has("list-type") ? ListObjectsV2 : ListObjects;
      case "accelerate" -> GetBucketAccelerateConfiguration;
      case "acl" -> GetBucketAcl;
      case "analytics" ->
          params.has("id") ? GetBucketAnalyticsConfiguration : ListBucketAnalyticsConfigurations;
      case "cors" -> GetBucketCors;
      case "encryption" -> GetBucketEncryption;
      case "intelligent-tiering" ->
          params.has("id")
              ? GetBucketIntelligentTieringConfiguration
              : ListBucketIntelligentTieringConfigurations;
      case "inventory" ->
          params.has("id") ? GetBucketInventoryConfiguration : ListBucketInventoryConfigurations;
      case "lifecycle" -> GetBucketLifecycleConfiguration;
      case "location" -> GetBucketLocation;
      case "logging" -> GetBucketLogging;
      case "metadataTable" -> GetBucketMetadataTableConfiguration;
      case "metrics" ->
          params.has("id") ? GetBucketMetricsConfiguration : ListBucketMetricsConfigurations;
      case "notification" -> GetBucketNotificationConfiguration;
      case "object-lock" -> GetObjectLockConfiguration;
      case "ownershipControls" -> GetBucketOwnershipControls;
      case "policy" -> GetBucketPolicy;
      case "policyStatus" -> GetBucketPolicyStatus;
      case "publicAccessBlock" -> GetPublicAccessBlock;
      case "replication" -> GetBucketReplication;
      case "requestPayment" -> GetBucketRequestPayment;
      case "session" -> CreateSession;
      case "tagging" -> GetBucketTagging;
      case "uploads" -> ListMultipartUploads;
      case "versioning" -> GetBucketVersioning;
      case "versions" -> ListObjectVersions;
      case "website" -> GetBucketWebsite;
      default -> throw notAllowed();
    };
  }

  private static S3Operation putBucket(String subresource) {
    return switch (subresource) {
      case "" -> CreateBucket;
      case "accelerate" -> PutBucketAccelerateConfiguration;
      case "acl" -> PutBucketAcl;
      case "analytics" -> PutBucketAnalyticsConfiguration;
      case "cors" -> PutBucketCors;
      case "encryption" -> PutBucketEncryption;
      case "intelligent-tiering" -> PutBucketIntelligentTieringConfiguration;
      case "inventory" -> PutBucketInventoryConfiguration;
      case "lifecycle" -> PutBucketLifecycleConfiguration;
      case "logging" -> PutBucketLogging;
      case "metrics" -> PutBucketMetricsConfiguration;
      case "notification" -> PutBucketNotificationConfiguration;
      case "object-lock" -> PutObjectLockConfiguration;
      case "ownershipControls" -> PutBucketOwnershipControls;
      case "policy" -> PutBucketPolicy;
      case "publicAccessBlock" -> PutPublicAccessBlock;
      case "replication" -> PutBucketReplication;
      case "requestPayment" -> PutBucketRequestPayment;
      case "tagging" -> PutBucketTagging;
      case "versioning" -> PutBucketVersioning;
      case "website" -> PutBucketWebsite;
      default -> throw notAllowed();
    };
  }

  private static S3Operation postBucket(String subresource, Function<String, String> header) {
    return switch (subresource) {
      case "" -> {
        // A browser form upload. AWS refuses any other body on a bucket POST with this precondition
        // error.
        String contentType = header.apply("content-type");
        if (contentType == null
            || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
          throw new S3Exception(
              S3Error.PRECONDITION_FAILED,
              "Bucket POST must be of the enclosure-type multipart/form-data");
        }
        yield PostObject;
      }
      case "delete" -> DeleteObjects;
      case "metadataTable" -> CreateBucketMetadataTableConfiguration;
      default -> throw notAllowed();
    };
  }

  private static S3Operation deleteBucket(String subresource) {
    return switch (subresource) {
      case "" -> DeleteBucket;
      case "analytics" -> DeleteBucketAnalyticsConfiguration;
      case "cors" -> DeleteBucketCors;
      case "encryption" -> DeleteBucketEncryption;
      case "intelligent-tiering" -> DeleteBucketIntelligentTieringConfiguration;
      case "inventory" -> DeleteBucketInventoryConfiguration;
      case "lifecycle" -> DeleteBucketLifecycle;
      case "metadataTable" -> DeleteBucketMetadataTableConfiguration;
      case "metrics" -> DeleteBucketMetricsConfiguration;
      case "ownershipControls" -> DeleteBucketOwnershipControls;
      case "policy" -> DeleteBucketPolicy;
      case "publicAccessBlock" -> DeletePublicAccessBlock;
      case "replication" -> DeleteBucketReplication;
      case "tagging" -> DeleteBucketTagging;
      case "website" -> DeleteBucketWebsite;
      default -> throw notAllowed();
    };
  }

  private static S3Operation getObject(String subresource, QueryParameters params) {
    return switch (subresource) {
      case "" -> params.has("uploadId") ? ListParts : GetObject;
      case "acl" -> GetObjectAcl;
      case "attributes" -> GetObjectAttributes;
      case "legal-hold" -> GetObjectLegalHold;
      case "retention" -> GetObjectRetention;
      case "tagging" -> GetObjectTagging;
      case "torrent" -> GetObjectTorrent;
      default -> throw notAllowed();
    };
  }

  private static S3Operation putObject(
      String subresource, QueryParameters params, Function<String, String> header) {
    return switch (subresource) {
      case "" -> {
        // The copy-source header turns an upload into a server-side copy, of a whole object or into
        // a part.
        boolean copy = header.apply("x-amz-copy-source") != null;
        if (params.has("partNumber")) {
          yield copy ? UploadPartCopy : UploadPart;
        }
        yield copy ? CopyObject : PutObject;
      }
      case "acl" -> PutObjectAcl;
      case "legal-hold" -> PutObjectLegalHold;
      case "renameObject" -> RenameObject;
      case "retention" -> PutObjectRetention;
      case "tagging" -> PutObjectTagging;
      default -> throw notAllowed();
    };
  }

  private static S3Operation postObject(String subresource, QueryParameters params) {
    return switch (subresource) {
      case "" -> params.has("uploadId") ? CompleteMultipartUpload : throwNotAllowed();
      case "restore" -> RestoreObject;
      case "select" -> SelectObjectContent;
      case "uploads" -> CreateMultipartUpload;
      default -> throw notAllowed();
    };
  }

  private static S3Operation deleteObject(String subresource, QueryParameters params) {
    return switch (subresource) {
      case "" -> params.has("uploadId") ? AbortMultipartUpload : DeleteObject;
      case "tagging" -> DeleteObjectTagging;
      default -> throw notAllowed();
    };
  }

  /**
   * The sub-resource keyword of the request, {@code ""} when none. Two of them leave the request
   * ambiguous.
   */
  private static String subresource(QueryParameters params) {
    List<String> named =
        params.values().keySet().stream().filter(SUBRESOURCES::contains).sorted().toList();
    return switch (named.size()) {
      case 0 -> "";
      case 1 -> named.getFirst();
      default ->
          throw new S3Exception(
              S3Error.INVALID_ARGUMENT,
              "Conflicting query string parameters: " + String.join(", ", named));
    };
  }

  private record Address(String bucket, String key) {}

  private Address address(String host, String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    if (path.charAt(0) != '/') {
      throw new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI: " + rawPath);
    }
    String hostBucket = bucketOfHost(host);
    if (hostBucket != null) {
      return new Address(hostBucket, keyOrNull(PercentEncoding.decode(path.substring(1))));
    }
    String rest = path.substring(1);
    if (rest.isEmpty()) {
      return new Address(null, null);
    }
    // Split before decoding: an encoded slash (%2F) in the bucket segment is not a separator.
    int slash = rest.indexOf('/');
    String bucket = PercentEncoding.decode(slash < 0 ? rest : rest.substring(0, slash));
    if (bucket.isEmpty()) {
      throw new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI: " + rawPath);
    }
    String key = slash < 0 ? null : keyOrNull(PercentEncoding.decode(rest.substring(slash + 1)));
    return new Address(bucket, key);
  }

  /** The bucket a virtual-host-style {@code Host} names, or {@code null} for path style. */
  private String bucketOfHost(String host) {
    if (rootDomain == null || host == null) {
      return null;
    }
    String name = host.strip().toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      return null; // an IPv6 literal never has a bucket in it
    }
    int colon = name.lastIndexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1); // a fully qualified name with its root dot
    }
    String suffix = "." + rootDomain;
    if (name.length() > suffix.length() && name.endsWith(suffix)) {
      return name.substring(0, name.length() - suffix.length());
    }
    return null;
  }

  private static String keyOrNull(String key) {
    return key.isEmpty() ? null : key;
  }

  private static S3Exception notAllowed() {
    return new S3Exception(S3Error.METHOD_NOT_ALLOWED);
  }

  /** {@link #notAllowed()} for a conditional expression, where Java has no {@code throw}. */
  private static S3Operation throwNotAllowed() {
    throw notAllowed();
  }
}
