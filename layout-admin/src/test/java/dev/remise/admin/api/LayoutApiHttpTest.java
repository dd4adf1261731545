package dev.remise.admin.api;

import static dev.remise.admin.api.AdminHttp.list;
import static dev.remise.admin.api.AdminHttp.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.admin.LayoutAdminApplication;
import dev.remise.admin.api.AdminHttp.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The cluster-layout operations over real HTTP, on a layout-admin that bootstrapped a single-node
 * layout: Garage's JSON shapes with Remise's ring extensions, and a 400 naming what to fix for
 * every bad change. The tests share one layout and run in order: reads, refused changes, staging,
 * then an apply.
 */
@SpringBootTest(
    classes = {LayoutAdminApplication.class, AdminAppHttpTest.FakeMetadata.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=layout-admin",
      "remise.admin.admin-token=" + LayoutApiHttpTest.TOKEN,
      "remise.admin.rpc-secret=" + LayoutApiHttpTest.RPC_SECRET,
      "remise.admin.bootstrap.node-id=" + LayoutApiHttpTest.NODE,
      "remise.admin.bootstrap.node-zone=dc1",
      "remise.admin.bootstrap.node-capacity=2000000000000"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LayoutApiHttpTest extends AdminAppHttpTest {
  static final String TOKEN = "layout-token-for-tests";
  static final String RPC_SECRET =
      "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";
  static final String NODE = "abababababababababababababababababababababababababababababababab";
  private static final String NEW_NODE = "cd".repeat(32);
  private static final String NEAR_NODE = "ab" + "ef".repeat(31);
  private static final long TB = 1_000_000_000_000L;

  @Override
  protected String adminToken() {
    return TOKEN;
  }

  @Test
  @Order(1)
  void theBootstrappedSingleNodeHoldsEveryPartitionOfBothRingsWithOneCopy() throws Exception {
    Reply r = http.admin("GET", "/v2/GetClusterLayout", null);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, Object> layout = r.object();
    assertThat(layout)
        .containsOnlyKeys(
            "version",
            "roles",
            "parameters",
            "partitionSize",
            "stagedRoleChanges",
            "stagedParameters",
            "rings",
            "stagedRingParameters")
        .containsEntry("version", 1)
        .containsEntry("parameters", Map.of("zoneRedundancy", Map.of("atLeast", 1)))
        .containsEntry("partitionSize", 2 * TB / 256)
        .containsEntry("stagedRoleChanges", List.of())
        .containsEntry("stagedParameters", null)
        .containsEntry("stagedRingParameters", null);
    assertThat(list(layout.get("roles")))
        .containsExactly(
            Map.of(
                "id",
                NODE,
                "zone",
                "dc1",
                "capacity",
                2 * TB,
                "tags",
                List.of(),
                "storedPartitions",
                256,
                "usableCapacity",
                2 * TB,
                "rings",
                List.of("metadata", "block"),
                "ringUsage",
                Map.of(
                    "metadata", Map.of("storedPartitions", 256, "usableCapacity", 2 * TB),
                    "block", Map.of("storedPartitions", 256, "usableCapacity", 2 * TB))));
    assertThat(map(map(layout.get("rings")).get("metadata")))
        .containsEntry("replicationFactor", 1)
        .containsEntry("zoneRedundancy", Map.of("atLeast", 1))
        .containsEntry("effectiveZoneRedundancy", 1)
        .containsEntry("storageNodes", 1)
        .containsEntry("effectiveCapacity", 2 * TB);
  }

  @Test
  @Order(2)
  void theHistoryOfASingleNodeHasOneCurrentVersion() throws Exception {
    Reply r = http.admin("GET", "/v2/GetClusterLayoutHistory", null);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.object())
        .containsEntry("currentVersion", 1)
        .containsEntry("minAck", 1)
        .containsEntry(
            "versions",
            List.of(
                Map.of("version", 1, "status", "Current", "storageNodes", 1, "gatewayNodes", 0)))
        .containsEntry("updateTrackers", Map.of(NODE, Map.of("ack", 1, "sync", 1, "syncAck", 1)));
  }

  @Test
  @Order(3)
  void everyBadChangeIs400SayingWhatToFixAndStagesNothing() throws Exception {
    http.admin("POST", "/v2/UpdateClusterLayout", roles(storage(NEAR_NODE, "dc2", TB)));
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry(roles(storage("ffff", "dc2", TB)), "no known node"),
            Map.entry(roles(storage("ab", "dc2", TB)), "ambiguous"),
            Map.entry(roles(storage(NEW_NODE, "dc2", 0)), "positive number of bytes"),
            Map.entry(roles(storage(NEW_NODE, "dc2", -5)), "positive number of bytes"),
            Map.entry(roles("{\"id\": \"" + NEW_NODE + "\", \"capacity\": 5}"), "roles[0].zone"),
            Map.entry(
                roles(
                    "{\"id\": \"%s\", \"zone\": \"z\", \"capacity\": 5, \"rings\": [\"data\"]}"
                        .formatted(NEW_NODE)),
                "unknown ring \\\"data\\\""),
            Map.entry(
                "{\"parameters\": {\"zoneRedundancy\": {\"atLeast\": 0}}}", "\\\"maximum\\\" or"),
            Map.entry(
                "{\"parameters\": {\"zoneRedundancy\": {\"atLeast\": 2}}}",
                "zone redundancy 2 exceeds its replication factor 1"),
            Map.entry(
                "{\"ringParameters\": {\"block\": {\"replicationFactor\": 0}}}", "at least 1"));
    for (Map.Entry<String, String> bad : refused.entrySet()) {
      Reply r = http.admin("POST", "/v2/UpdateClusterLayout", bad.getKey());
      assertThat(r.status()).as(bad.getKey()).isEqualTo(400);
      assertThat(r.object()).as(bad.getKey()).containsEntry("code", "InvalidRequest");
      assertThat(r.body()).as(bad.getKey()).contains(bad.getValue());
    }
    http.admin("POST", "/v2/RevertClusterLayout", null);

    Reply nothing = http.admin("POST", "/v2/ApplyClusterLayout", "{\"version\": 2}");
    assertThat(nothing.status()).isEqualTo(400);
    assertThat(nothing.body()).contains("no staged changes");
    assertThat(http.admin("POST", "/v2/PreviewClusterLayoutChanges", null).status()).isEqualTo(400);
  }

  @Test
  @Order(4)
  void anImpossibleLayoutIsAPreviewErrorAndA400OnApply() throws Exception {
    http.admin(
        "POST",
        "/v2/UpdateClusterLayout",
        "{\"roles\": [%s], \"ringParameters\": {\"block\": {\"replicationFactor\": 2, \"zoneRedundancy\": {\"atLeast\": 2}}}}"
            .formatted(storage(NEW_NODE, "dc1", TB)));

    Reply preview = http.admin("POST", "/v2/PreviewClusterLayoutChanges", null);
    Reply apply = http.admin("POST", "/v2/ApplyClusterLayout", "{\"version\": 2}");

    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.object()).containsOnlyKeys("error");
    assertThat((String) preview.object().get("error"))
        .contains("the block ring's storage nodes are in 1 zone(s) but zone redundancy 2");
    assertThat(apply.status()).isEqualTo(400);
    assertThat(apply.body()).contains("add storage nodes in other zones");
    http.admin("POST", "/v2/RevertClusterLayout", null);
  }

  @Test
  @Order(5)
  void stagedChangesArePreviewedWithTheirStatisticsAndReverted() throws Exception {
    Reply staged =
        http.admin(
            "POST",
            "/v2/UpdateClusterLayout",
            "{\"roles\": [%s, {\"id\": \"%s\", \"zone\": \"dc3\", \"capacity\": null, \"tags\": []}]}"
                .formatted(storage(NEW_NODE, "dc2", TB), "ee".repeat(32)));

    assertThat(staged.status()).as(staged.body()).isEqualTo(200);
    assertThat(list(staged.object().get("stagedRoleChanges")))
        .containsExactlyInAnyOrder(
            Map.of(
                "id",
                NEW_NODE,
                "zone",
                "dc2",
                "capacity",
                TB,
                "tags",
                List.of("fast"),
                "rings",
                List.of("metadata", "block")),
            map(
                json(
                    "{\"id\": \"%s\", \"zone\": \"dc3\", \"capacity\": null, \"tags\": [], \"rings\": []}"
                        .formatted("ee".repeat(32)))));

    Reply preview = http.admin("POST", "/v2/PreviewClusterLayoutChanges", null);
    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    assertThat(preview.object()).containsOnlyKeys("message", "newLayout", "statistics");
    assertThat(list(preview.object().get("message")))
        .isNotEmpty()
        .allMatch(String.class::isInstance);
    Map<String, Object> newLayout = map(preview.object().get("newLayout"));
    assertThat(newLayout).containsEntry("version", 2).containsEntry("stagedRoleChanges", List.of());
    assertThat(list(newLayout.get("roles"))).hasSize(3);
    Map<String, Object> block = map(map(preview.object().get("statistics")).get("block"));
    assertThat(block)
        .containsEntry("replicationFactor", 1)
        .containsEntry("previousPartitionSize", 2 * TB / 256)
        .containsKeys("partitionSize", "usableCapacity", "effectiveCapacity", "zones", "nodes");
    // One copy per partition over 2 TB + 1 TB: the new node takes about a third of them.
    assertThat((Integer) block.get("movedPartitionCopies")).isBetween(80, 90);

    Reply reverted = http.admin("POST", "/v2/RevertClusterLayout", null);
    assertThat(reverted.object()).containsEntry("stagedRoleChanges", List.of());
    assertThat(http.admin("GET", "/v2/GetClusterLayout", null).object())
        .containsEntry("stagedRoleChanges", List.of())
        .containsEntry("version", 1);
  }

  @Test
  @Order(6)
  void applyCreatesTheNextVersionOnlyUnderItsNumberAndTheOldOneDrains() throws Exception {
    http.admin(
        "POST",
        "/v2/UpdateClusterLayout",
        "{\"roles\": [%s], \"parameters\": {\"zoneRedundancy\": \"maximum\"}}"
            .formatted(storage(NEW_NODE, "dc2", TB)));

    Reply wrong = http.admin("POST", "/v2/ApplyClusterLayout", "{\"version\": 3}");
    Reply missing = http.admin("POST", "/v2/ApplyClusterLayout", "{}");
    Reply applied = http.admin("POST", "/v2/ApplyClusterLayout", "{\"version\": 2}");

    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body())
        .contains("current layout version is 1")
        .contains("apply with version 2");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("Missing field version");
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.object()).containsOnlyKeys("message", "layout", "statistics");
    Map<String, Object> layout = map(applied.object().get("layout"));
    assertThat(layout)
        .containsEntry("version", 2)
        .containsEntry("parameters", Map.of("zoneRedundancy", "maximum"))
        .containsEntry("stagedRoleChanges", List.of());
    assertThat(list(layout.get("roles")))
        .extracting(r -> map(r).get("id"))
        .containsExactly(NODE, NEW_NODE);

    Map<String, Object> history = http.admin("GET", "/v2/GetClusterLayoutHistory", null).object();
    assertThat(history)
        .containsEntry("currentVersion", 2)
        .containsEntry("minAck", 1)
        .containsEntry(
            "versions",
            List.of(
                Map.of("version", 2, "status", "Current", "storageNodes", 2, "gatewayNodes", 0),
                Map.of("version", 1, "status", "Draining", "storageNodes", 1, "gatewayNodes", 0)));
    assertThat(map(history.get("updateTrackers"))).containsOnlyKeys(NODE, NEW_NODE);
  }

  @Test
  @Order(7)
  void aKnownNodeIsNamedByAPrefixAndItsRemovalIsStaged() throws Exception {
    Reply r =
        http.admin(
            "POST", "/v2/UpdateClusterLayout", roles("{\"id\": \"cdcd\", \"remove\": true}"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.object().get("stagedRoleChanges"))
        .isEqualTo(List.of(Map.of("id", NEW_NODE, "remove", true)));
    http.admin("POST", "/v2/RevertClusterLayout", null);
  }

  private static String storage(String id, String zone, long capacity) {
    return "{\"id\": \"%s\", \"zone\": \"%s\", \"capacity\": %d, \"tags\": [\"fast\"]}"
        .formatted(id, zone, capacity);
  }

  private static String roles(String... roles) {
    return "{\"roles\": [" + String.join(", ", roles) + "]}";
  }

  private Object json(String text) {
    return new tools.jackson.databind.json.JsonMapper().readValue(text, Object.class);
  }
}
