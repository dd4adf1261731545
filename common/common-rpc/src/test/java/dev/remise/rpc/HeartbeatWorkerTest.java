package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.core.background.Worker.WorkerState;
import feign.Request;
import feign.RetryableException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatWorkerTest {
  private static final NodeId ID = NodeId.fromHex("0b".repeat(32));
  private static final URI ADMIN = URI.create("http://layout-admin:3903");

  @TempDir Path dir;

  @Test
  void eachRunSendsAFreshHeartbeatAndStaysIdleUntilTheNextPeriod() {
    List<Heartbeat> sent = new ArrayList<>();
    ClusterRpc rpc =
        (admin, body) -> {
          sent.add(ClusterJson.decode(body, Heartbeat.class));
          return ClusterJson.encode(new HeartbeatReply(4, "00".repeat(32)));
        };
    HeartbeatWorker worker =
        new HeartbeatWorker(
            new ClusterClient(rpc, ADMIN),
            () -> Heartbeat.measure(ID, "block-node", "http://n:3905", null, dir, null));

    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);
    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);

    assertThat(sent).hasSize(2);
    assertThat(sent.getFirst().id()).isEqualTo(ID);
    assertThat(sent.getFirst().dataTotal()).isPositive();
    assertThat(sent.getFirst().metaTotal()).isNull();
    assertThat(worker.status()).contains("layout version 4");
  }

  @Test
  void anUnreachableLayoutAdminNeitherThrowsNorStopsTheWorker() {
    ClusterRpc rpc =
        (admin, body) -> {
          throw new RetryableException(
              -1, "connection refused", Request.HttpMethod.POST, (Long) null, null);
        };
    HeartbeatWorker worker =
        new HeartbeatWorker(
            new ClusterClient(rpc, ADMIN),
            () -> Heartbeat.measure(ID, "metadata-node", "http://n:3901", null, null, dir));

    assertThat(worker.work()).isEqualTo(WorkerState.IDLE);
    assertThat(worker.status()).startsWith("last heartbeat failed");
  }
}
