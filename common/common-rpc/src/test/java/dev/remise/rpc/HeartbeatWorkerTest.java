package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.core.background.Worker.WorkerState;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.UpdateTrackers.Tracker;
import feign.Request;
import feign.RetryableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatWorkerTest {
  private static final NodeId ID = NodeLayoutTest.SELF;
  private static final NodeId SELF = ID;
  private static final java.time.InstantSource CLOCK = NodeLayoutTest.CLOCK;
  private static final URI ADMIN = URI.create("http://layout-admin:3903");

  @TempDir Path dir;

  @Test
  void eachRunSendsAFreshHeartbeatAndStaysIdleUntilTheNextPeriod() throws IOException {
    FakeLayoutAdmin admin = new FakeLayoutAdmin(NodeLayoutTest.applied(4));
    HeartbeatWorker worker = worker(admin, "block-node", dir, null);

    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);
    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);

    List<Heartbeat> sent = admin.heartbeats;
    assertThat(sent).hasSize(2);
    assertThat(sent.getFirst().id()).isEqualTo(ID);
    assertThat(sent.getFirst().dataTotal()).isPositive();
    assertThat(sent.getFirst().metaTotal()).isNull();
    assertThat(worker.status()).contains("layout version 4");
  }

  @Test
  void aDifferentDigestPullsTheLayoutAndTheNextBeatReportsItsVersion() throws IOException {
    FakeLayoutAdmin admin = new FakeLayoutAdmin(NodeLayoutTest.applied(2));
    HeartbeatWorker worker = worker(admin, "metadata-node", null, dir);

    worker.work();
    worker.work();

    assertThat(admin.pulls).isEqualTo(1);
    assertThat(admin.heartbeats).extracting(Heartbeat::layoutVersion).containsExactly(0L, 2L);
    assertThat(NodeLayout.open(dir.resolve("layout"), SELF).currentVersion()).isEqualTo(2);
  }

  @Test
  void anUnchangedDigestPullsNothing() throws IOException {
    FakeLayoutAdmin admin = new FakeLayoutAdmin(NodeLayoutTest.applied(1));
    NodeLayout.open(dir.resolve("layout"), SELF).merge(admin.history);
    HeartbeatWorker worker = worker(admin, "metadata-node", null, dir);

    worker.work();
    worker.work();

    assertThat(admin.pulls).isZero();
    assertThat(admin.heartbeats).extracting(Heartbeat::layoutVersion).containsExactly(1L, 1L);
  }

  @Test
  void aLayoutAppliedLaterIsPulledAtTheNextBeat() throws IOException {
    FakeLayoutAdmin admin = new FakeLayoutAdmin(NodeLayoutTest.applied(1));
    HeartbeatWorker worker = worker(admin, "block-node", dir, null);
    worker.work();

    admin.history = NodeLayoutTest.applied(3);
    worker.work();
    worker.work();

    assertThat(admin.pulls).isEqualTo(2);
    assertThat(admin.heartbeats).extracting(Heartbeat::layoutVersion).containsExactly(0L, 1L, 3L);
  }

  /** Version 1: this node holds every partition of both rings. */
  private static LayoutHistory withThisNode() {
    return LayoutHistory.initial(NodeLayoutTest.RF1, NodeLayoutTest.RF1)
        .stage(Map.of(SELF, RoleChange.assign(NodeRole.storage("dc1", 1_000_000_000L))), CLOCK)
        .apply(1, CLOCK)
        .history();
  }

  @Test
  void aNodeOfTheLayoutSendsItsTrackersBackAndThenTheDigestsAgree() throws IOException {
    FakeLayoutAdmin admin = new FakeLayoutAdmin(withThisNode());
    HeartbeatWorker worker = worker(admin, "metadata-node", null, dir);

    worker.work();

    assertThat(admin.received).isEqualTo(1);
    assertThat(admin.history.trackers().recorded(Tracker.ACK, SELF)).hasValue(1);
    assertThat(admin.history.trackers().recorded(Tracker.SYNC_ACK, SELF)).hasValue(1);
    worker.work();
    assertThat(admin.pulls).isEqualTo(1);
    assertThat(admin.received).isEqualTo(1);
  }

  @Test
  void layoutAdminThatLostItsDiskGetsTheWholeHistoryBackFromANode() throws IOException {
    LayoutHistory before = NodeLayoutTest.applied(3);
    NodeLayout.open(dir.resolve("layout"), SELF).merge(before);
    FakeLayoutAdmin admin =
        new FakeLayoutAdmin(
            LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults()));
    HeartbeatWorker worker = worker(admin, "block-node", dir, null);

    worker.work();

    assertThat(admin.history.current()).isEqualTo(before.current());
    assertThat(admin.history.activeVersions()).isEqualTo(before.activeVersions());
    assertThat(admin.history.digest()).isEqualTo(before.digest());
  }

  @Test
  void peersAreMergedWhenTheirDigestDiffersAndKeptAcrossARestart() throws IOException {
    FakeLayoutAdmin admin = new FakeLayoutAdmin(NodeLayoutTest.applied(1));
    NodeId other = NodeId.fromHex("0c".repeat(32));
    admin.peers =
        new PeerList(
            List.of(
                new Peer(other, "metadata-node", URI.create("http://10.0.0.2:3901"), 5),
                new Peer(other, "block-node", URI.create("http://10.0.0.2:3905"), 5)));
    HeartbeatWorker worker = worker(admin, "metadata-node", null, dir);

    worker.work();
    worker.work();

    assertThat(admin.peerPulls).isEqualTo(1);
    NodeLayout reopened = NodeLayout.open(dir.resolve("layout"), SELF);
    assertThat(reopened.address(other, "block-node")).contains(URI.create("http://10.0.0.2:3905"));
    assertThat(reopened.peersDifferFrom(admin.peers.digest())).isFalse();
  }

  @Test
  void aNewerAddressWinsAndARoleLayoutAdminForgotIsKept() throws IOException {
    NodeLayout layout = NodeLayout.open(dir.resolve("layout"), SELF);
    NodeId other = NodeId.fromHex("0c".repeat(32));
    layout.mergePeers(
        List.of(
            new Peer(other, "metadata-node", URI.create("http://old:3901"), 5),
            new Peer(other, "gateway-s3", URI.create("http://gw:3900"), 5)));

    boolean changed =
        layout.mergePeers(
            List.of(
                new Peer(other, "metadata-node", URI.create("http://new:3901"), 9),
                new Peer(other, "metadata-node", URI.create("http://older:3901"), 1)));

    assertThat(changed).isTrue();
    assertThat(layout.address(other, "metadata-node")).contains(URI.create("http://new:3901"));
    assertThat(layout.address(other, "gateway-s3")).contains(URI.create("http://gw:3900"));
    assertThat(layout.mergePeers(List.of())).isFalse();
  }

  private HeartbeatWorker worker(FakeLayoutAdmin admin, String role, Path dataDir, Path metaDir)
      throws IOException {
    NodeLayout layout = NodeLayout.open(dir.resolve("layout"), SELF);
    return new HeartbeatWorker(
        new ClusterClient(admin, ADMIN),
        () ->
            Heartbeat.measure(
                ID, role, "http://n:3905", layout.currentVersion(), null, dataDir, metaDir),
        layout);
  }

  @Test
  void anUnreachableLayoutAdminNeitherThrowsNorStopsTheWorker() throws IOException {
    ClusterRpc rpc =
        new ClusterRpc() {
          @Override
          public byte[] heartbeat(URI layoutAdmin, byte[] heartbeatJson) {
            throw new RetryableException(
                -1, "connection refused", Request.HttpMethod.POST, (Long) null, null);
          }

          @Override
          public byte[] layout(URI layoutAdmin) {
            throw new AssertionError("no pull without a reply");
          }

          @Override
          public void advertiseClusterLayout(URI layoutAdmin, byte[] history) {
            throw new AssertionError("nothing to send back without a reply");
          }

          @Override
          public byte[] peers(URI layoutAdmin) {
            throw new AssertionError("no pull without a reply");
          }
        };
    NodeLayout layout = NodeLayout.open(dir.resolve("layout"), SELF);
    HeartbeatWorker worker =
        new HeartbeatWorker(
            new ClusterClient(rpc, ADMIN),
            () -> Heartbeat.measure(ID, "metadata-node", "http://n:3901", 0, null, null, dir),
            layout);

    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);
    assertThat(worker.status()).startsWith("last heartbeat failed");
  }
}
