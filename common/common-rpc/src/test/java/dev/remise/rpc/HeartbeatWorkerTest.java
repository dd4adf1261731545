package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.core.background.Worker.WorkerState;
import feign.Request;
import feign.RetryableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatWorkerTest {
  private static final NodeId ID = NodeId.fromHex("0b".repeat(32));
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
    assertThat(NodeLayout.open(dir.resolve("layout")).currentVersion()).isEqualTo(2);
  }

  @Test
  void anUnchangedDigestPullsNothing() throws IOException {
    FakeLayoutAdmin admin = new FakeLayoutAdmin(NodeLayoutTest.applied(1));
    NodeLayout.open(dir.resolve("layout")).merge(admin.history);
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

  private HeartbeatWorker worker(FakeLayoutAdmin admin, String role, Path dataDir, Path metaDir)
      throws IOException {
    NodeLayout layout = NodeLayout.open(dir.resolve("layout"));
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
        };
    NodeLayout layout = NodeLayout.open(dir.resolve("layout"));
    HeartbeatWorker worker =
        new HeartbeatWorker(
            new ClusterClient(rpc, ADMIN),
            () -> Heartbeat.measure(ID, "metadata-node", "http://n:3901", 0, null, null, dir),
            layout);

    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);
    assertThat(worker.status()).startsWith("last heartbeat failed");
  }
}
