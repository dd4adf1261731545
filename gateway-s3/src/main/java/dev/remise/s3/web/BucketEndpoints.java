package dev.remise.s3.web;

import dev.remise.core.Uuid;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.S3Object;
import dev.remise.rpc.TableClient;
import dev.remise.s3.access.BucketDirectory;
import dev.remise.s3.access.BucketDirectory.Permission;
import dev.remise.s3.api.BucketNames;
import dev.remise.s3.api.CreateBucketConfiguration;
import dev.remise.s3.api.KeySource;
import dev.remise.s3.api.ListObjectsV1Params;
import dev.remise.s3.api.ListObjectsV2Params;
import dev.remise.s3.api.ListedBucket;
import dev.remise.s3.api.ListedObject;
import dev.remise.s3.api.ObjectListing;
import dev.remise.s3.api.Owner;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.s3.api.S3Xml;
import dev.remise.s3.object.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bucket-level S3 operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket,
 * GetBucketLocation, listing.
 */
public final class BucketEndpoints {
  private static final int MAX_CREATE_BUCKET_BODY = 64 * 1024;

  private final BucketDirectory directory;
  private final TableClient tables;
  private final String region;

  public BucketEndpoints(BucketDirectory directory, TableClient tables, String region) {
    this.directory = directory;
    this.tables = tables;
    this.region = region;
  }

  void listBuckets(S3Call call) throws IOException {
    List<ListedBucket> listed =
        directory.listFor(call.key()).stream()
            .map(b -> new ListedBucket(b.name(), Instant.ofEpochMilli(b.bucket().creationDate())))
            .toList();
    Responses.xml(call.response(), 200, S3Xml.listAllMyBuckets(owner(call), listed));
  }

  void createBucket(S3Call call, String bucket) throws IOException {
    BucketNames.validate(bucket);
    byte[] body = call.http().getInputStream().readNBytes(MAX_CREATE_BUCKET_BODY + 1);
    if (body.length > MAX_CREATE_BUCKET_BODY) {
      throw new S3Exception(S3Error.MALFORMED_XML, "CreateBucketConfiguration is too large");
    }
    String constraint = CreateBucketConfiguration.parse(body).locationConstraint();
    if (constraint != null && !constraint.isEmpty() && !constraint.equals(region)) {
      throw new S3Exception(
          S3Error.INVALID_LOCATION_CONSTRAINT,
          "Cannot create a bucket in region "
              + constraint
              + ": this cluster serves region "
              + region);
    }
    directory.create(bucket, call.key());
    call.response().setHeader("Location", "/" + bucket);
    call.response().setStatus(200);
    call.response().setContentLength(0);
  }

  void headBucket(S3Call call, String bucket) {
    directory.authorize(bucket, call.key(), Permission.ANY);
    call.response().setHeader("x-amz-bucket-region", region);
    call.response().setStatus(200);
    call.response().setContentLength(0);
  }

  void deleteBucket(S3Call call, String bucket) {
    Uuid id = directory.authorize(bucket, call.key(), Permission.OWNER);
    List<S3Object> any =
        tables.getRange(
            ObjectTable.INSTANCE, id.asHash(), null, null, ObjectTable.FILTER_IS_DATA, 1, false);
    if (!any.isEmpty()) {
      throw new S3Exception(
          S3Error.BUCKET_NOT_EMPTY, "The bucket you tried to delete is not empty");
    }
    directory.delete(id, bucket, call.key());
    call.response().setStatus(204);
  }

  void getBucketLocation(S3Call call, String bucket) throws IOException {
    directory.authorize(bucket, call.key(), Permission.ANY);
    Responses.xml(call.response(), 200, S3Xml.locationConstraint(region));
  }

  void listObjectsV2(S3Call call, String bucket, ListObjectsV2Params params) throws IOException {
    Uuid id = directory.authorize(bucket, call.key(), Permission.READ);
    var page = ObjectListing.listV2(keySource(id), params);
    Responses.xml(call.response(), 200, S3Xml.listObjectsV2(bucket, params, page, owner(call)));
  }

  void listObjects(S3Call call, String bucket, ListObjectsV1Params params) throws IOException {
    Uuid id = directory.authorize(bucket, call.key(), Permission.READ);
    var page = ObjectListing.listV1(keySource(id), params);
    Responses.xml(call.response(), 200, S3Xml.listObjects(bucket, params, page, owner(call)));
  }

  /**
   * Listing reads the bucket's partition of the object table in key order, keeping only keys that
   * have data; the filter runs on the metadata node so deleted keys never count against the page
   * size.
   */
  private KeySource keySource(Uuid bucketId) {
    return (start, prefix, limit) -> {
      byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
      byte[] startBytes = start == null ? null : start.getBytes(StandardCharsets.UTF_8);
      // Starting before the prefix would only scan keys the prefix filter drops.
      if (startBytes == null || Arrays.compareUnsigned(startBytes, prefixBytes) < 0) {
        startBytes = prefixBytes.length == 0 ? null : prefixBytes;
      }
      List<S3Object> entries =
          tables.getRange(
              ObjectTable.INSTANCE,
              bucketId.asHash(),
              startBytes,
              prefixBytes.length == 0 ? null : prefixBytes,
              ObjectTable.FILTER_IS_DATA,
              limit,
              false);
      List<ListedObject> out = new ArrayList<>(entries.size());
      for (S3Object o : entries) {
        var v = o.lastData().orElseThrow();
        var meta = ObjectReader.meta(v);
        out.add(
            new ListedObject(
                o.key(), meta.size(), meta.etag(), Instant.ofEpochMilli(v.timestamp())));
      }
      return out;
    };
  }

  private static Owner owner(S3Call call) {
    return new Owner(call.key().accessKeyId(), call.key().name().value());
  }
}
