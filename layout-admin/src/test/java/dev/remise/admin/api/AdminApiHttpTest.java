package dev.remise.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.admin.LayoutAdminApplication;
import dev.remise.admin.api.AdminHttp.Reply;
import dev.remise.admin.metadata.InMemoryMetadataClient;
import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.model.counter.CounterEntry;
import dev.remise.model.counter.CounterTable;
import dev.remise.table.CounterValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The admin API over real HTTP, against an in-memory metadata node: Garage's JSON shapes, the
 * bearer-token gate, Garage's error body, 501 for operations not built yet, and the bootstrap that
 * ran before the port opened.
 */
@SpringBootTest(
    classes = {LayoutAdminApplication.class, AdminAppHttpTest.FakeMetadata.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=layout-admin",
      "remise.admin.admin-token=" + AdminApiHttpTest.ADMIN_TOKEN,
      "remise.admin.metrics-token=" + AdminApiHttpTest.METRICS_TOKEN,
      "remise.admin.rpc-secret=" + AdminApiHttpTest.RPC_SECRET,
      "remise.admin.bootstrap.access-key-id=" + AdminApiHttpTest.BOOT_KEY,
      "remise.admin.bootstrap.secret-key=" + AdminApiHttpTest.BOOT_SECRET,
      "remise.admin.bootstrap.bucket=default-bucket"
    })
class AdminApiHttpTest extends AdminAppHttpTest {
  static final String ADMIN_TOKEN = "admin-token-for-tests";
  static final String METRICS_TOKEN = "metrics-token-for-tests";
  static final String RPC_SECRET =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String BOOT_KEY = "GK0123456789abcdef01234567";
  static final String BOOT_SECRET =
      "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

  private static final String ISO_INSTANT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

  @Override
  protected String adminToken() {
    return ADMIN_TOKEN;
  }

  // ---- Authentication and errors ----

  @Test
  void aCallWithoutAuthorizationIs401WithGarageErrorBody() throws Exception {
    Reply r = send("GET", "/v2/ListKeys", null, null);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("www-authenticate")).isEqualTo("Bearer");
    assertThat(r.object())
        .containsOnlyKeys("code", "message", "region", "path")
        .containsEntry("code", "AccessDenied")
        .containsEntry("region", "remise")
        .containsEntry("path", "/v2/ListKeys");
  }

  @Test
  void aCallWithTheWrongTokenIs403() throws Exception {
    assertThat(send("GET", "/v2/ListKeys", null, "not-the-token").status()).isEqualTo(403);
    Reply notBearer =
        send(HttpRequest.newBuilder(uri("/v2/ListKeys")).header("Authorization", ADMIN_TOKEN));
    assertThat(notBearer.status()).isEqualTo(403);
    assertThat(notBearer.object()).containsEntry("code", "AccessDenied");
  }

  @Test
  void healthIsOpenAndMetricsNeedTheMetricsToken() throws Exception {
    assertThat(send("GET", "/health", null, null).status()).isEqualTo(200);
    assertThat(send("GET", "/metrics", null, null).status()).isEqualTo(401);
    assertThat(send("GET", "/metrics", null, ADMIN_TOKEN).status()).isEqualTo(403);

    admin("GET", "/v2/ListKeys", null);
    Reply metrics = send("GET", "/metrics", null, METRICS_TOKEN);

    assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("api_admin_request_counter_total{api_endpoint=\"ListKeys\"}")
        .contains("api_admin_request_duration_seconds_count{api_endpoint=\"ListKeys\"}");
  }

  @Test
  void everyOperationNotBuiltYetAnswers501NamingIt() throws Exception {
    for (AdminEndpoint e : AdminEndpoint.values()) {
      if (e.implemented()) {
        continue;
      }
      Reply r =
          admin(
              e.method().name(), "/v2/" + e.name(), e.method().name().equals("POST") ? "{}" : null);
      assertThat(r.status()).as(e.name()).isEqualTo(501);
      assertThat(r.object()).containsEntry("code", "NotImplemented");
      assertThat((String) r.object().get("message")).contains(e.name());
    }
  }

  @Test
  void unknownOperationsAndPathsAre404InGarageErrorBody() throws Exception {
    Reply op = send("GET", "/v2/NoSuchOperation", null, null);
    Reply path = send("GET", "/no/such/path", null, ADMIN_TOKEN);

    assertThat(op.status()).isEqualTo(404);
    assertThat(op.object()).containsEntry("path", "/v2/NoSuchOperation");
    assertThat(path.status()).isEqualTo(404);
    assertThat(path.object()).containsKeys("code", "message", "region", "path");
  }

  @Test
  void aKnownOperationWithTheWrongMethodIs405() throws Exception {
    Reply r = admin("GET", "/v2/CreateKey", null);

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.object()).containsEntry("code", "MethodNotAllowed");
  }

  @Test
  void malformedInputIsA400NeverA500() throws Exception {
    for (Reply r :
        List.of(
            admin("POST", "/v2/CreateKey", "{not json"),
            admin("POST", "/v2/CreateKey", ""),
            admin("POST", "/v2/CreateKey", "{\"allow\": {\"createBucket\": \"maybe\"}}"),
            admin("GET", "/v2/GetKeyInfo?id=GK1&search=x", null),
            admin("GET", "/v2/GetKeyInfo?id=GK1&showSecretKey=perhaps", null),
            admin("GET", "/v2/GetBucketInfo", null),
            admin("GET", "/v2/GetBucketInfo?id=xyz", null),
            admin("POST", "/v2/CreateBucket", "{\"globalAlias\": \"Bad_Name\"}"),
            admin("POST", "/v2/CreateBucket", "{\"localAlias\": {\"alias\": \"x\"}}"),
            admin("POST", "/v2/AllowBucketKey", "{\"bucketId\": \"" + "ab".repeat(32) + "\"}"),
            admin("POST", "/v2/ImportKey", "{\"accessKeyId\": \"nope\"}"))) {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.object()).containsEntry("code", "InvalidRequest");
    }
  }

  // ---- Keys ----

  @Test
  void createKeyReturnsGarageKeyInfoWithTheSecretAndGetKeyInfoHidesItUnlessAsked()
      throws Exception {
    Reply created =
        admin(
            "POST", "/v2/CreateKey", "{\"name\": \"alice\", \"allow\": {\"createBucket\": true}}");

    assertThat(created.status()).as(created.body()).isEqualTo(200);
    Map<String, Object> key = created.object();
    assertThat(key)
        .containsOnlyKeys(
            "accessKeyId",
            "created",
            "name",
            "expiration",
            "expired",
            "secretAccessKey",
            "permissions",
            "buckets")
        .containsEntry("name", "alice")
        .containsEntry("expiration", null)
        .containsEntry("expired", false)
        .containsEntry("permissions", Map.of("createBucket", true))
        .containsEntry("buckets", List.of());
    assertThat((String) key.get("accessKeyId")).matches("GK[0-9a-f]{24}");
    assertThat((String) key.get("secretAccessKey")).matches("[0-9a-f]{64}");
    assertThat((String) key.get("created")).matches(ISO_INSTANT);

    String id = (String) key.get("accessKeyId");
    Map<String, Object> hidden = admin("GET", "/v2/GetKeyInfo?id=" + id, null).object();
    Map<String, Object> shown =
        admin("GET", "/v2/GetKeyInfo?id=" + id + "&showSecretKey=true", null).object();
    assertThat(hidden).doesNotContainKey("secretAccessKey").containsEntry("accessKeyId", id);
    assertThat(shown).containsEntry("secretAccessKey", key.get("secretAccessKey"));
    assertThat(admin("GET", "/v2/GetKeyInfo?search=alice", null).object())
        .containsEntry("accessKeyId", id);
  }

  @Test
  void listKeysShowsGarageListItems() throws Exception {
    String id = createKey("listed");

    List<Object> keys = admin("GET", "/v2/ListKeys", null).array();

    assertThat(keys)
        .anySatisfy(
            k ->
                assertThat(map(k))
                    .containsOnlyKeys("id", "name", "created", "expiration", "expired")
                    .containsEntry("id", id)
                    .containsEntry("name", "listed")
                    .containsEntry("expiration", null)
                    .containsEntry("expired", false));
  }

  @Test
  void importKeyOfAnExistingIdIs409() throws Exception {
    String body =
        "{\"accessKeyId\": \"GK"
            + "ee".repeat(12)
            + "\", \"secretAccessKey\": \""
            + "ff".repeat(32)
            + "\"}";

    Reply first = admin("POST", "/v2/ImportKey", body);
    Reply again = admin("POST", "/v2/ImportKey", body);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.object())
        .doesNotContainKey("secretAccessKey")
        .containsEntry("name", "Imported key");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.object()).containsEntry("code", "KeyAlreadyExists");
  }

  @Test
  void getKeyInfoOfAnUnknownKeyIs404() throws Exception {
    Reply r = admin("GET", "/v2/GetKeyInfo?id=GK" + "00".repeat(12), null);

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.object()).containsEntry("code", "NoSuchAccessKey");
  }

  // ---- Buckets and permissions ----

  @Test
  void createBucketReturnsGarageBucketInfo() throws Exception {
    Reply r = admin("POST", "/v2/CreateBucket", "{\"globalAlias\": \"shapes\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.object())
        .containsOnlyKeys(
            "id",
            "created",
            "globalAliases",
            "websiteAccess",
            "keys",
            "objects",
            "bytes",
            "unfinishedUploads",
            "unfinishedMultipartUploads",
            "unfinishedMultipartUploadParts",
            "unfinishedMultipartUploadBytes",
            "quotas")
        .containsEntry("globalAliases", List.of("shapes"))
        .containsEntry("websiteAccess", false)
        .containsEntry("keys", List.of())
        .containsEntry("objects", 0)
        .containsEntry("bytes", 0)
        .containsEntry("unfinishedUploads", 0)
        .containsEntry("quotas", nullQuotas());
    assertThat((String) r.object().get("id")).matches("[0-9a-f]{64}");
    assertThat((String) r.object().get("created")).matches(ISO_INSTANT);
  }

  @Test
  void createBucketUnderATakenGlobalAliasIs409BucketAlreadyExists() throws Exception {
    admin("POST", "/v2/CreateBucket", "{\"globalAlias\": \"taken\"}");

    Reply r = admin("POST", "/v2/CreateBucket", "{\"globalAlias\": \"taken\"}");

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.object()).containsEntry("code", "BucketAlreadyExists");
  }

  @Test
  void allowAndDenyBucketKeyShowOnBothTheBucketAndTheKey() throws Exception {
    String keyId = createKey("bob");
    String bucketId =
        (String)
            admin("POST", "/v2/CreateBucket", "{\"globalAlias\": \"bobs\"}").object().get("id");

    Reply allowed =
        admin(
            "POST",
            "/v2/AllowBucketKey",
            "{\"bucketId\": \"%s\", \"accessKeyId\": \"%s\", \"permissions\": {\"read\": true, \"write\": true}}"
                .formatted(bucketId, keyId));

    assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
    assertThat(allowed.object().get("keys"))
        .isEqualTo(
            List.of(
                Map.of(
                    "accessKeyId",
                    keyId,
                    "name",
                    "bob",
                    "permissions",
                    Map.of("read", true, "write", true, "owner", false),
                    "bucketLocalAliases",
                    List.of())));
    assertThat(admin("GET", "/v2/GetKeyInfo?id=" + keyId, null).object().get("buckets"))
        .isEqualTo(
            List.of(
                Map.of(
                    "id", bucketId,
                    "globalAliases", List.of("bobs"),
                    "localAliases", List.of(),
                    "permissions", Map.of("read", true, "write", true, "owner", false))));

    Reply denied =
        admin(
            "POST",
            "/v2/DenyBucketKey",
            "{\"bucketId\": \"%s\", \"accessKeyId\": \"%s\", \"permissions\": {\"write\": true}}"
                .formatted(bucketId, keyId));
    assertThat(map(list(denied.object().get("keys")).getFirst()).get("permissions"))
        .isEqualTo(Map.of("read", true, "write", false, "owner", false));
  }

  @Test
  void createBucketWithALocalAliasListsItUnderItsKey() throws Exception {
    String keyId = createKey("carol");

    Reply r =
        admin(
            "POST",
            "/v2/CreateBucket",
            "{\"localAlias\": {\"accessKeyId\": \"%s\", \"alias\": \"carols\", \"allow\": {\"owner\": true}}}"
                .formatted(keyId));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.object()).containsEntry("globalAliases", List.of());
    assertThat(map(list(r.object().get("keys")).getFirst()))
        .containsEntry("bucketLocalAliases", List.of("carols"));
    String id = (String) r.object().get("id");
    assertThat(admin("GET", "/v2/ListBuckets", null).array())
        .anySatisfy(
            b ->
                assertThat(map(b))
                    .containsOnlyKeys("id", "created", "globalAliases", "localAliases")
                    .containsEntry("id", id)
                    .containsEntry(
                        "localAliases", List.of(Map.of("accessKeyId", keyId, "alias", "carols"))));
  }

  @Autowired InMemoryMetadataClient metadata;

  @Test
  void getBucketInfoShowsTheCountersTheMetadataNodesPublished() throws Exception {
    String id =
        (String)
            admin("POST", "/v2/CreateBucket", "{\"globalAlias\": \"counted\"}").object().get("id");
    Uuid bucket = Uuid.fromHex(id);
    NodeId node = NodeId.fromHex("%064x".formatted(1));
    metadata.setStorageNodes(p -> List.of(node));
    metadata.insert(
        CounterTable.BUCKET_OBJECT_COUNTER,
        CounterEntry.of(
            bucket,
            "",
            node,
            CounterValues.of(
                1_000, Map.of("objects", 2L, "bytes", 1_234L, "unfinished_uploads", 1L))));
    metadata.insert(
        CounterTable.BUCKET_MPU_COUNTER,
        CounterEntry.of(
            bucket,
            "7f",
            node,
            CounterValues.of(1_000, Map.of("uploads", 1L, "parts", 3L, "bytes", 99L))));

    Map<String, Object> info = admin("GET", "/v2/GetBucketInfo?id=" + id, null).object();

    assertThat(info)
        .containsEntry("objects", 2)
        .containsEntry("bytes", 1234)
        .containsEntry("unfinishedUploads", 1)
        .containsEntry("unfinishedMultipartUploads", 1)
        .containsEntry("unfinishedMultipartUploadParts", 3)
        .containsEntry("unfinishedMultipartUploadBytes", 99);
  }

  @Test
  void getBucketInfoFindsABucketByIdAliasOrSearch() throws Exception {
    String id =
        (String)
            admin("POST", "/v2/CreateBucket", "{\"globalAlias\": \"findme\"}").object().get("id");

    for (String query :
        List.of(
            "id=" + id, "globalAlias=findme", "search=findme", "search=" + id.substring(0, 16))) {
      Reply r = admin("GET", "/v2/GetBucketInfo?" + query, null);
      assertThat(r.status()).as(query).isEqualTo(200);
      assertThat(r.object()).as(query).containsEntry("id", id);
    }
    assertThat(admin("GET", "/v2/GetBucketInfo?globalAlias=nowhere", null).object())
        .containsEntry("code", "NoSuchBucket");
  }

  @Test
  void theBootstrapKeyOwnsTheBootstrapBucketBeforeTheFirstRequest() throws Exception {
    Map<String, Object> bucket =
        admin("GET", "/v2/GetBucketInfo?globalAlias=default-bucket", null).object();

    assertThat(bucket.get("keys"))
        .isEqualTo(
            List.of(
                Map.of(
                    "accessKeyId",
                    BOOT_KEY,
                    "name",
                    "default",
                    "permissions",
                    Map.of("read", true, "write", true, "owner", true),
                    "bucketLocalAliases",
                    List.of())));
    assertThat(admin("GET", "/v2/GetKeyInfo?id=" + BOOT_KEY + "&showSecretKey=true", null).object())
        .containsEntry("secretAccessKey", BOOT_SECRET)
        .containsEntry("permissions", Map.of("createBucket", true));
  }

  // ---- Plumbing ----

  private String createKey(String name) throws Exception {
    return (String)
        admin("POST", "/v2/CreateKey", "{\"name\": \"" + name + "\"}").object().get("accessKeyId");
  }

  private static Map<String, Object> nullQuotas() {
    Map<String, Object> q = new java.util.HashMap<>();
    q.put("maxSize", null);
    q.put("maxObjects", null);
    return q;
  }

  private Reply admin(String method, String path, String body) throws Exception {
    return http.admin(method, path, body);
  }

  private Reply send(String method, String path, String body, String token) throws Exception {
    return http.send(method, path, body, token);
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request);
  }

  private URI uri(String path) {
    return http.uri(path);
  }

  private static Map<String, Object> map(Object o) {
    return AdminHttp.map(o);
  }

  private static List<Object> list(Object o) {
    return AdminHttp.list(o);
  }
}
