package dev.remise.admin.api;

import static dev.remise.admin.api.AdminHttp.list;
import static dev.remise.admin.api.AdminHttp.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.admin.LayoutAdminApplication;
import dev.remise.admin.api.AdminHttp.Reply;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutVersion;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingLayout;
import dev.remise.layout.RoleChange;
import dev.remise.rpc.ClusterClient;
import dev.remise.rpc.Heartbeat;
import dev.remise.rpc.HeartbeatReply;
import dev.remise.rpc.PeerList;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcSecret;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The node registry over real HTTP: heartbeats on {@code /v1/cluster/heartbeat} need the
 * cluster-secret proof (not the admin token), and {@code GetClusterStatus} and {@code
 * GetClusterHealth} answer Garage's shapes for a bootstrapped single-node layout. The tests run in
 * order: refused beats, then accepted ones, then the reads.
 */
@SpringBootTest(
    classes = {LayoutAdminApplication.class, AdminAppHttpTest.FakeMetadata.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=layout-admin",
      "remise.admin.admin-token=" + ClusterApiHttpTest.TOKEN,
      "remise.admin.rpc-secret=" + ClusterApiHttpTest.RPC_SECRET,
      "remise.admin.bootstrap.node-id=" + ClusterApiHttpTest.NODE,
      "remise.admin.bootstrap.node-zone=dc1",
      "remise.admin.bootstrap.node-capacity=2000000000000"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterApiHttpTest extends AdminAppHttpTest {
  static final String TOKEN = "cluster-token-for-tests";
  static final String RPC_SECRET =
      "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e";
  static final String NODE = "abababababababababababababababababababababababababababababababab";
  private static final String STRANGER = "cd".repeat(32);

  @Override
  protected String adminToken() {
    return TOKEN;
  }

  private ClusterClient clusterClient(String secretHex) {
    RpcAuth auth = new RpcAuth(RpcSecret.fromHex(secretHex), InstantSource.system());
    return ClusterClient.create(http.uri(""), auth, Duration.ofSeconds(5));
  }

  private static Heartbeat beat(String id, String role, Long dataAvailable, Long dataTotal) {
    return new Heartbeat(
        NodeId.fromHex(id),
        role,
        "http://127.0.0.1:3901",
        "node1",
        "0.1.0-test",
        1,
        null,
        dataAvailable,
        dataTotal,
        null,
        null);
  }

  private static final String BEAT_JSON =
      "{\"id\":\""
          + NODE
          + "\",\"role\":\"metadata-node\",\"address\":\"http://x:3901\",\"layoutVersion\":0}";

  @Test
  @Order(1)
  void aHeartbeatWithoutTheClusterSecretProofIsRefusedWith401() throws Exception {
    Reply r = http.send("POST", "/v1/cluster/heartbeat", BEAT_JSON, null);

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  @Order(2)
  void theAdminTokenIsNoProofForTheClusterPlane() throws Exception {
    Reply r = http.send("POST", "/v1/cluster/heartbeat", BEAT_JSON, TOKEN);

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  @Order(3)
  void aHeartbeatSignedWithAnotherSecretIsRefusedWith403() {
    assertThatThrownBy(
            () -> clusterClient("99".repeat(32)).heartbeat(beat(NODE, "block-node", 1L, 2L)))
        .isInstanceOfSatisfying(
            RpcRejectedException.class, e -> assertThat(e.getMessage()).contains("403"));
  }

  @Test
  @Order(4)
  void aMalformedHeartbeatIsA400NamingTheProblem() throws Exception {
    RpcAuth auth = new RpcAuth(RpcSecret.fromHex(RPC_SECRET), InstantSource.system());
    String body = BEAT_JSON.replace("metadata-node", "toaster");
    Reply r =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/cluster/heartbeat"))
                .header("Content-Type", "application/json")
                .header(RpcAuth.HEADER, auth.proof("POST", "/v1/cluster/heartbeat"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.object().get("message").toString()).contains("unknown role toaster");
  }

  @Test
  @Order(5)
  void aSignedHeartbeatIsAnsweredWithTheDigestOfTheLayoutANodeCanPull() {
    ClusterClient client = clusterClient(RPC_SECRET);

    HeartbeatReply reply = client.heartbeat(beat(NODE, "metadata-node", null, null));
    client.heartbeat(beat(NODE, "block-node", 400L, 1000L));
    client.heartbeat(beat(STRANGER, "gateway-s3", null, null));
    LayoutHistory pulled = client.layout();

    assertThat(reply.layoutVersion()).isEqualTo(1);
    assertThat(reply.layoutDigest()).matches("[0-9a-f]{64}");
    assertThat(pulled.current().version()).isEqualTo(1);
    assertThat(pulled.digest().hex()).isEqualTo(reply.layoutDigest());
  }

  @Test
  @Order(6)
  void getClusterStatusListsEachNodeOnceWithGaragesFields() throws Exception {
    Reply r = http.admin("GET", "/v2/GetClusterStatus", null);

    assertThat(r.status()).isEqualTo(200);
    Map<String, Object> body = r.object();
    assertThat(body.get("layoutVersion")).isEqualTo(1);
    assertThat(list(body.get("nodes"))).hasSize(2);
    Map<String, Object> node = map(list(body.get("nodes")).get(0));
    assertThat(node)
        .containsEntry("id", NODE)
        .containsEntry("garageVersion", "0.1.0-test")
        .containsEntry("addr", "http://127.0.0.1:3901")
        .containsEntry("hostname", "node1")
        .containsEntry("isUp", true)
        .containsEntry("draining", false)
        .containsEntry("dataPartition", Map.of("available", 400, "total", 1000))
        .containsEntry("metadataPartition", null)
        .containsEntry("layoutVersion", 1);
    assertThat(((Number) node.get("lastSeenSecsAgo")).longValue()).isBetween(0L, 5L);
    assertThat(list(node.get("roles"))).containsExactly("block-node", "metadata-node");
    assertThat(map(node.get("role")))
        .containsEntry("id", NODE)
        .containsEntry("zone", "dc1")
        .containsEntry("tags", List.of())
        .containsEntry("capacity", 2000000000000L);
    Map<String, Object> gateway = map(list(body.get("nodes")).get(1));
    assertThat(gateway).containsEntry("id", STRANGER).containsEntry("role", null);
  }

  @Test
  @Order(7)
  void getClusterHealthIsHealthyWhenTheOnlyStorageNodeBeats() throws Exception {
    Reply r = http.admin("GET", "/v2/GetClusterHealth", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.object())
        .isEqualTo(
            Map.of(
                "status", "healthy",
                "knownNodes", 2,
                "connectedNodes", 2,
                "storageNodes", 1,
                "storageNodesUp", 1,
                "partitions", 256,
                "partitionsQuorum", 256,
                "partitionsAllOk", 256));
  }

  @Test
  @Order(8)
  void theClusterOperationsStillNeedTheAdminToken() throws Exception {
    assertThat(http.send("GET", "/v2/GetClusterStatus", null, null).status()).isEqualTo(401);
    assertThat(http.send("GET", "/v2/GetClusterHealth", null, "wrong").status()).isEqualTo(403);
  }

  private static final String JOINER = "ef".repeat(32);

  /**
   * Version 2 as another replica holds it: layout-admin's version 1 plus a node in a second zone,
   * with the bootstrap node's trackers at version 2. What a node sends back after layout-admin lost
   * the apply of version 2 with its disk.
   */
  private LayoutHistory aNodesHistoryAtVersion2() {
    LayoutHistory pulled = clusterClient(RPC_SECRET).layout();
    InstantSource clock = InstantSource.system();
    LayoutHistory v2 =
        pulled
            .stage(
                Map.of(
                    NodeId.fromHex(JOINER),
                    RoleChange.assign(NodeRole.storage("dc2", 2_000_000_000_000L))),
                clock)
            .apply(2, clock)
            .history();
    return v2.updateTrackersOf(NodeId.fromHex(NODE), 2, rf -> rf / 2 + 1);
  }

  @Test
  @Order(9)
  void aVersionFailingTheLayoutCheckIsRefusedWith400AndChangesNothing() {
    LayoutHistory good = aNodesHistoryAtVersion2();
    LayoutVersion v2 = good.current();
    RingLayout ring = v2.blockRing();
    RingLayout inflated =
        new RingLayout(
            ring.ring(),
            ring.nodes(),
            ring.replicationFactor(),
            ring.zoneRedundancy(),
            ring.partitionSize() * 1000,
            ring.assignment());
    TreeMap<Long, LayoutVersion> versions = new TreeMap<>(good.versions());
    versions.put(
        2L,
        new LayoutVersion(2, v2.roles(), v2.metadata(), v2.block(), v2.metadataRing(), inflated));
    LayoutHistory bad =
        new LayoutHistory(versions, good.activeFrom(), good.trackers(), good.staging());

    assertThatThrownBy(() -> clusterClient(RPC_SECRET).advertiseLayout(bad))
        .isInstanceOfSatisfying(
            RpcRejectedException.class,
            e -> assertThat(e.getMessage()).contains("400").contains("more than its capacity"));
    assertThat(clusterClient(RPC_SECRET).layout().current().version()).isEqualTo(1);
  }

  @Test
  @Order(10)
  void aNodesHistoryIsMergedBackWithItsVersionsAndTrackers() throws Exception {
    LayoutHistory sent = aNodesHistoryAtVersion2();

    clusterClient(RPC_SECRET).advertiseLayout(sent);

    LayoutHistory now = clusterClient(RPC_SECRET).layout();
    assertThat(now.current()).isEqualTo(sent.current());
    Map<String, Object> history = http.admin("GET", "/v2/GetClusterLayoutHistory", null).object();
    assertThat(history).containsEntry("currentVersion", 2).containsEntry("minAck", 1);
    assertThat(map(map(history.get("updateTrackers")).get(NODE))).containsEntry("ack", 2);
    assertThat(map(map(history.get("updateTrackers")).get(JOINER))).containsEntry("ack", 1);
  }

  @Test
  @Order(11)
  void skipDeadNodesRaisesTheAckOfTheNodeThatNeverBeat() throws Exception {
    Reply missing = http.admin("POST", "/v2/ClusterLayoutSkipDeadNodes", "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.object().get("message").toString()).contains("Missing field version");
    Reply outOfRange = http.admin("POST", "/v2/ClusterLayoutSkipDeadNodes", "{\"version\":3}");
    assertThat(outOfRange.status()).isEqualTo(400);
    assertThat(outOfRange.object().get("message").toString())
        .contains("give a version from 2 to 2");

    Reply r = http.admin("POST", "/v2/ClusterLayoutSkipDeadNodes", "{\"version\":2}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.object())
        .isEqualTo(Map.of("ackUpdated", List.of(JOINER), "syncUpdated", List.of()));
    assertThat(http.admin("GET", "/v2/GetClusterLayoutHistory", null).object())
        .containsEntry("minAck", 2);
    Reply again = http.admin("POST", "/v2/ClusterLayoutSkipDeadNodes", "{\"version\":2}");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.object().get("message").toString())
        .contains("Nothing was done")
        .contains("allowMissingData");
  }

  @Test
  @Order(12)
  void skipDeadNodesWithMissingDataAllowedMarksEveryNodeSynced() throws Exception {
    Reply r =
        http.admin(
            "POST", "/v2/ClusterLayoutSkipDeadNodes", "{\"version\":2,\"allowMissingData\":true}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(list(r.object().get("syncUpdated"))).containsExactlyInAnyOrder(NODE, JOINER);
    Map<String, Object> trackers =
        map(http.admin("GET", "/v2/GetClusterLayoutHistory", null).object().get("updateTrackers"));
    assertThat(map(trackers.get(JOINER))).containsEntry("sync", 2);
  }

  @Test
  @Order(13)
  void thePeerListGivesEveryRolesAddressUnderTheDigestTheRepliesCarry() {
    ClusterClient client = clusterClient(RPC_SECRET);

    HeartbeatReply reply = client.heartbeat(beat(NODE, "metadata-node", null, null));
    PeerList peers = client.peers();

    assertThat(peers.peers())
        .extracting(p -> p.id().hex() + " " + p.role() + " " + p.address())
        .containsExactly(
            NODE + " block-node http://127.0.0.1:3901",
            NODE + " metadata-node http://127.0.0.1:3901",
            STRANGER + " gateway-s3 http://127.0.0.1:3901");
    assertThat(reply.peersDigest()).isEqualTo(peers.digest());
    // Same addresses again: the list, and so its digest, does not move with every beat.
    assertThat(client.heartbeat(beat(NODE, "block-node", 1L, 2L)).peersDigest())
        .isEqualTo(peers.digest());
  }
}
