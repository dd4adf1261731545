package dev.remise.admin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.remise.admin.access.BucketCounters;
import dev.remise.admin.access.BucketInfo;
import dev.remise.admin.access.KeyInfo;
import dev.remise.admin.access.Permissions;
import dev.remise.core.Uuid;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketKeyPerm;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON bodies of the admin API, named and shaped as in Garage's OpenAPI document ({@code
 * doc/api/garage-admin-v2.json}) so that Garage's CLI, console and Terraform providers work
 * unchanged: camelCase fields, ids in hex, dates as RFC 3339 strings, optional dates as {@code
 * null}. Request fields that Garage defaults (flags) are primitives, so an absent flag is false.
 */
public final class AdminApiJson {
  private AdminApiJson() {}

  /** Garage's error body: {@code region} is the S3 region, {@code path} the request path. */
  public record ErrorBody(String code, String message, String region, String path) {}

  // ---- Access keys ----

  public record KeyPerm(boolean createBucket) {}

  /**
   * CreateKey's body (Garage's UpdateKeyRequestBody). {@code expiration} is kept as text: keys do
   * not expire in Remise yet, so any value is refused with 501 rather than parsed and dropped.
   */
  public record CreateKeyRequest(
      String name, String expiration, boolean neverExpires, KeyPerm allow, KeyPerm deny) {}

  public record ImportKeyRequest(String accessKeyId, String secretAccessKey, String name) {}

  /** Keys never expire yet: {@code expiration} is null and {@code expired} false. */
  public record ListKeysItem(
      String id, String name, Instant created, Instant expiration, boolean expired) {

    static ListKeysItem of(AccessKey key) {
      return new ListKeysItem(
          key.accessKeyId(), key.name().value(), date(key.created()), null, false);
    }
  }

  /** GetKeyInfo, and the answer of CreateKey and ImportKey. The secret only when asked for. */
  public record GetKeyInfoResponse(
      String accessKeyId,
      Instant created,
      String name,
      Instant expiration,
      boolean expired,
      @JsonInclude(JsonInclude.Include.NON_NULL) String secretAccessKey,
      KeyPerm permissions,
      List<KeyInfoBucket> buckets) {

    static GetKeyInfoResponse of(KeyInfo info, boolean showSecret) {
      AccessKey key = info.key();
      return new GetKeyInfoResponse(
          key.accessKeyId(),
          date(key.created()),
          key.name().value(),
          null,
          false,
          showSecret ? key.secretKey() : null,
          new KeyPerm(key.allowCreateBucket().value()),
          info.buckets().stream().map(b -> KeyInfoBucket.of(b, key)).toList());
    }
  }

  /** One bucket in GetKeyInfo: its global names and the names this key gave it. */
  public record KeyInfoBucket(
      String id,
      List<String> globalAliases,
      List<String> localAliases,
      ApiBucketKeyPerm permissions) {

    static KeyInfoBucket of(Bucket bucket, AccessKey key) {
      List<String> local =
          bucket.localAliases().entries().entrySet().stream()
              .filter(e -> e.getValue().value())
              .filter(e -> e.getKey().accessKeyId().equals(key.accessKeyId()))
              .map(e -> e.getKey().alias())
              .toList();
      return new KeyInfoBucket(
          bucket.id().hex(),
          activeGlobalAliases(bucket),
          local,
          ApiBucketKeyPerm.of(key.permission(bucket.id())));
    }
  }

  public record ApiBucketKeyPerm(boolean read, boolean write, boolean owner) {
    static ApiBucketKeyPerm of(BucketKeyPerm p) {
      return new ApiBucketKeyPerm(p.read(), p.write(), p.owner());
    }

    Permissions toPermissions() {
      return new Permissions(read, write, owner);
    }
  }

  // ---- Buckets ----

  public record CreateBucketRequest(String globalAlias, CreateBucketLocalAlias localAlias) {}

  /** {@code allow} may be absent: the key then gets the alias and no permission. */
  public record CreateBucketLocalAlias(String accessKeyId, String alias, ApiBucketKeyPerm allow) {}

  public record ListBucketsItem(
      String id, Instant created, List<String> globalAliases, List<BucketLocalAlias> localAliases) {

    static ListBucketsItem of(Bucket bucket) {
      List<BucketLocalAlias> local =
          bucket.localAliases().entries().entrySet().stream()
              .filter(e -> e.getValue().value())
              .map(e -> new BucketLocalAlias(e.getKey().accessKeyId(), e.getKey().alias()))
              .toList();
      return new ListBucketsItem(
          bucket.id().hex(), date(bucket.creationDate()), activeGlobalAliases(bucket), local);
    }
  }

  public record BucketLocalAlias(String accessKeyId, String alias) {}

  /**
   * GetBucketInfo, and the answer of CreateBucket, AllowBucketKey and DenyBucketKey. The object,
   * byte and upload counts come from the counter tables ({@code AdminTables.counters}). Website
   * access and quotas are not stored yet: they are reported as off and unlimited. Garage leaves
   * {@code websiteConfig}, {@code corsRules} and {@code lifecycleRules} out when unset, so they are
   * absent here too.
   */
  public record GetBucketInfoResponse(
      String id,
      Instant created,
      List<String> globalAliases,
      boolean websiteAccess,
      List<GetBucketInfoKey> keys,
      long objects,
      long bytes,
      long unfinishedUploads,
      long unfinishedMultipartUploads,
      long unfinishedMultipartUploadParts,
      long unfinishedMultipartUploadBytes,
      ApiBucketQuotas quotas) {

    static GetBucketInfoResponse of(BucketInfo info) {
      Bucket bucket = info.bucket();
      BucketCounters counters = info.counters();
      return new GetBucketInfoResponse(
          bucket.id().hex(),
          date(bucket.creationDate()),
          activeGlobalAliases(bucket),
          false,
          info.keys().stream().map(k -> GetBucketInfoKey.of(k, bucket.id())).toList(),
          counters.objects(),
          counters.bytes(),
          counters.unfinishedUploads(),
          counters.unfinishedMultipartUploads(),
          counters.unfinishedMultipartUploadParts(),
          counters.unfinishedMultipartUploadBytes(),
          new ApiBucketQuotas(null, null));
    }
  }

  /** One key in GetBucketInfo: its permission (from the key's side) and its names for it. */
  public record GetBucketInfoKey(
      String accessKeyId,
      String name,
      ApiBucketKeyPerm permissions,
      List<String> bucketLocalAliases) {

    static GetBucketInfoKey of(AccessKey key, Uuid bucketId) {
      Optional<Uuid> target = Optional.of(bucketId);
      List<String> local =
          key.localAliases().entries().entrySet().stream()
              .filter(e -> e.getValue().value().equals(target))
              .map(Map.Entry::getKey)
              .toList();
      return new GetBucketInfoKey(
          key.accessKeyId(),
          key.name().value(),
          ApiBucketKeyPerm.of(key.permission(bucketId)),
          local);
    }
  }

  /** Null means unlimited. */
  public record ApiBucketQuotas(Long maxSize, Long maxObjects) {}

  // ---- Permissions ----

  /** AllowBucketKey's and DenyBucketKey's body. */
  public record BucketKeyPermChangeRequest(
      String bucketId, String accessKeyId, ApiBucketKeyPerm permissions) {}

  private static List<String> activeGlobalAliases(Bucket bucket) {
    return bucket.globalAliases().entries().entrySet().stream()
        .filter(e -> e.getValue().value())
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Instant date(long millis) {
    return Instant.ofEpochMilli(millis);
  }
}
