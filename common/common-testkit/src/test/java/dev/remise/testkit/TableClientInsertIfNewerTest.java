package dev.remise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.QuorumUnavailableException;
import dev.remise.rpc.TableClient;
import dev.remise.table.EntryBatch;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TableClient#insertIfNewer} over three in-memory nodes: the one-round-trip write of a new
 * object version stamped with the writer's clock, and the quorum reads that ask every node at once.
 */
class TableClientInsertIfNewerTest {
  private static final Uuid BUCKET = Uuid.random();

  private final SimulatedNetwork network = new SimulatedNetwork(7);
  private final Map<Integer, InMemoryTableNode> nodes = new HashMap<>();
  private TableClient tables;

  private static NodeId node(int i) {
    return NodeId.fromHex("%064x".formatted(i));
  }

  @BeforeEach
  void startThreeNodes() {
    IntStream.rangeClosed(1, 3)
        .forEach(
            i -> {
              InMemoryTableNode n = new InMemoryTableNode(List.of(ObjectTable.INSTANCE));
              nodes.put(i, n);
              network.register(StaticPlacement.addressOf(node(i)), n);
            });
    tables =
        new TableClient(
            network.from(URI.create("http://gateway")),
            new StaticPlacement(
                null,
                TestLayouts.storage(List.of(node(1), node(2), node(3)), 3),
                ConsistencyMode.CONSISTENT),
            Runnable::run);
  }

  private static S3Object deleteMarkerAt(long timestamp) {
    return new S3Object(
        BUCKET,
        "k",
        List.of(
            new ObjectVersion(
                Uuid.random(),
                timestamp,
                new ObjectVersion.State.Complete(new ObjectVersion.Data.DeleteMarker()))));
  }

  private void storeOn(int i, S3Object o) {
    nodes.get(i).insert(null, "object", EntryBatch.encode(List.of(ObjectTable.INSTANCE.encode(o))));
  }

  private long newestOn(int i) {
    return nodes.get(i).all(ObjectTable.INSTANCE).getFirst().lastTimestamp();
  }

  @Test
  void aNewerVersionIsWrittenToEveryNode() {
    storeOn(1, deleteMarkerAt(100));

    assertThat(tables.insertIfNewer(ObjectTable.INSTANCE, deleteMarkerAt(101))).isEmpty();

    IntStream.rangeClosed(1, 3).forEach(i -> assertThat(newestOn(i)).isEqualTo(101));
  }

  @Test
  void oneNodeHoldingANewerVersionDoesNotStopAQuorumOfTheOthers() {
    // Only a write that no quorum acknowledged can be on one node alone: concurrent with ours.
    storeOn(3, deleteMarkerAt(500));

    assertThat(tables.insertIfNewer(ObjectTable.INSTANCE, deleteMarkerAt(101))).isEmpty();

    assertThat(newestOn(1)).isEqualTo(101);
    assertThat(newestOn(3)).as("refused, kept its own").isEqualTo(500);
  }

  @Test
  void aQuorumHoldingANewerVersionRefusesWithItsTimestamp() {
    S3Object acknowledged = deleteMarkerAt(500);
    storeOn(1, acknowledged);
    storeOn(2, acknowledged);

    assertThat(tables.insertIfNewer(ObjectTable.INSTANCE, deleteMarkerAt(101))).hasValue(500);
    assertThat(tables.insertIfNewer(ObjectTable.INSTANCE, deleteMarkerAt(501))).isEmpty();
  }

  @Test
  void refusalsAsideTooFewNodesIsStillQuorumUnavailable() {
    network.setDown(StaticPlacement.addressOf(node(1)), true);
    network.setDown(StaticPlacement.addressOf(node(2)), true);

    assertThatThrownBy(() -> tables.insertIfNewer(ObjectTable.INSTANCE, deleteMarkerAt(101)))
        .isInstanceOf(QuorumUnavailableException.class);
  }

  @Test
  void aQuorumReadAsksEveryNodeAtOnce() {
    storeOn(1, deleteMarkerAt(100));
    int[] before = IntStream.rangeClosed(1, 3).map(i -> nodes.get(i).reads()).toArray();

    tables.get(ObjectTable.INSTANCE, BUCKET.asHash(), "k".getBytes());

    IntStream.rangeClosed(1, 3)
        .forEach(i -> assertThat(nodes.get(i).reads()).isEqualTo(before[i - 1] + 1));
  }
}
