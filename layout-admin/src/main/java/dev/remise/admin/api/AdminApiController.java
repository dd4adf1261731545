package dev.remise.admin.api;

import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import dev.remise.admin.access.BucketAdmin;
import dev.remise.admin.access.KeyAdmin;
import dev.remise.admin.access.LocalAliasRequest;
import dev.remise.admin.access.Permissions;
import dev.remise.admin.api.AdminApiJson.BucketKeyPermChangeRequest;
import dev.remise.admin.api.AdminApiJson.CreateBucketLocalAlias;
import dev.remise.admin.api.AdminApiJson.CreateBucketRequest;
import dev.remise.admin.api.AdminApiJson.CreateKeyRequest;
import dev.remise.admin.api.AdminApiJson.GetBucketInfoResponse;
import dev.remise.admin.api.AdminApiJson.GetKeyInfoResponse;
import dev.remise.admin.api.AdminApiJson.ImportKeyRequest;
import dev.remise.admin.api.AdminApiJson.ListBucketsItem;
import dev.remise.admin.api.AdminApiJson.ListKeysItem;
import dev.remise.core.Uuid;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Garage's admin API v2, the key, bucket and permission operations. Authentication has already
 * happened ({@link AdminAuthInterceptor}); handlers check the shape of the input, call the service
 * and map its answer to Garage's JSON. They never catch: {@link AdminErrorResponder} turns every
 * failure into Garage's error body.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminApiController {
  private final KeyAdmin keys;
  private final BucketAdmin buckets;

  public AdminApiController(KeyAdmin keys, BucketAdmin buckets) {
    this.keys = keys;
    this.buckets = buckets;
  }

  // ---- Access keys ----

  @PostMapping("/v2/CreateKey")
  public GetKeyInfoResponse createKey(@RequestBody CreateKeyRequest body) {
    if (body.expiration() != null) {
      if (body.neverExpires()) {
        throw invalid("expiration and neverExpires cannot both be given");
      }
      throw new AdminException(
          AdminError.NOT_IMPLEMENTED, "Key expiration is not supported yet: keys never expire");
    }
    // Garage applies allow, then deny: asking for both denies.
    boolean allow = body.allow() != null && body.allow().createBucket();
    boolean deny = body.deny() != null && body.deny().createBucket();
    return GetKeyInfoResponse.of(keys.createKey(body.name(), allow && !deny), true);
  }

  @PostMapping("/v2/ImportKey")
  public GetKeyInfoResponse importKey(@RequestBody ImportKeyRequest body) {
    return GetKeyInfoResponse.of(
        keys.importKey(body.accessKeyId(), body.secretAccessKey(), body.name()), false);
  }

  @GetMapping("/v2/ListKeys")
  public List<ListKeysItem> listKeys() {
    return keys.listKeys().stream().map(ListKeysItem::of).toList();
  }

  @GetMapping("/v2/GetKeyInfo")
  public GetKeyInfoResponse getKeyInfo(
      @RequestParam(required = false) String id,
      @RequestParam(required = false) String search,
      @RequestParam(defaultValue = "false") boolean showSecretKey) {
    if ((id == null) == (search == null)) {
      throw invalid("Exactly one of id and search must be given");
    }
    return GetKeyInfoResponse.of(
        id != null ? keys.keyInfo(id) : keys.searchKey(search), showSecretKey);
  }

  // ---- Buckets ----

  @PostMapping("/v2/CreateBucket")
  public GetBucketInfoResponse createBucket(@RequestBody CreateBucketRequest body) {
    CreateBucketLocalAlias local = body.localAlias();
    LocalAliasRequest localAlias = null;
    if (local != null) {
      localAlias =
          new LocalAliasRequest(
              required(local.accessKeyId(), "localAlias.accessKeyId"),
              required(local.alias(), "localAlias.alias"),
              local.allow() == null ? Permissions.NONE : local.allow().toPermissions());
    }
    return GetBucketInfoResponse.of(buckets.createBucket(body.globalAlias(), localAlias));
  }

  @GetMapping("/v2/ListBuckets")
  public List<ListBucketsItem> listBuckets() {
    return buckets.listBuckets().stream().map(ListBucketsItem::of).toList();
  }

  @GetMapping("/v2/GetBucketInfo")
  public GetBucketInfoResponse getBucketInfo(
      @RequestParam(required = false) String id,
      @RequestParam(required = false) String globalAlias,
      @RequestParam(required = false) String search) {
    if (Stream.of(id, globalAlias, search).filter(Objects::nonNull).count() != 1) {
      throw invalid("Exactly one of id, globalAlias and search must be given");
    }
    Uuid bucketId;
    if (id != null) {
      bucketId = BucketAdmin.parseBucketId(id);
    } else if (globalAlias != null) {
      bucketId = buckets.bucketIdByGlobalAlias(globalAlias);
    } else {
      bucketId = buckets.searchBucket(search);
    }
    return GetBucketInfoResponse.of(buckets.bucketInfo(bucketId));
  }

  // ---- Permissions ----

  @PostMapping("/v2/AllowBucketKey")
  public GetBucketInfoResponse allowBucketKey(@RequestBody BucketKeyPermChangeRequest body) {
    return GetBucketInfoResponse.of(
        buckets.allowBucketKey(
            BucketAdmin.parseBucketId(body.bucketId()),
            required(body.accessKeyId(), "accessKeyId"),
            required(body.permissions(), "permissions").toPermissions()));
  }

  @PostMapping("/v2/DenyBucketKey")
  public GetBucketInfoResponse denyBucketKey(@RequestBody BucketKeyPermChangeRequest body) {
    return GetBucketInfoResponse.of(
        buckets.denyBucketKey(
            BucketAdmin.parseBucketId(body.bucketId()),
            required(body.accessKeyId(), "accessKeyId"),
            required(body.permissions(), "permissions").toPermissions()));
  }

  // ---- Everything else Garage defines ----

  /**
   * Any other {@code /v2/<Operation>}: the mappings above are more specific, so this only sees
   * operations called with the wrong method and operations not built yet. Unknown names never get
   * here: the interceptor answers 404 for them.
   */
  @RequestMapping("/v2/{operation}")
  public void notBuilt(@PathVariable String operation, HttpServletRequest request) {
    AdminEndpoint endpoint =
        AdminEndpoint.byName(operation).orElseThrow(() -> AdminAuthInterceptor.noSuch(request));
    if (!endpoint.method().name().equals(request.getMethod())) {
      throw new AdminException(
          AdminError.METHOD_NOT_ALLOWED, operation + " must be called with " + endpoint.method());
    }
    throw new AdminException(
        AdminError.NOT_IMPLEMENTED, operation + " is not implemented in Remise yet");
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw invalid("Missing field " + field);
    }
    return value;
  }

  private static AdminException invalid(String message) {
    return new AdminException(AdminError.INVALID_REQUEST, message);
  }
}
