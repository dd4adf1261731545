package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutFile;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.UpdateTrackers.Tracker;
import dev.remise.layout.ZoneRedundancy;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.NoStorageNodesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLayoutTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
  static final RingParameters RF1 = new RingParameters(1, ZoneRedundancy.atLeast(1));

  static final NodeId SELF = NodeId.fromHex("0b".repeat(32));

  @TempDir Path dir;

  /** A one-node cluster's history, with {@code versions} applied versions. */
  static LayoutHistory applied(int versions) {
    LayoutHistory history = LayoutHistory.initial(RF1, RF1);
    for (int v = 1; v <= versions; v++) {
      NodeId node = NodeId.fromHex("%02x".formatted(v).repeat(32));
      history =
          history
              .stage(
                  Map.of(node, RoleChange.assign(NodeRole.storage("dc1", 1_000_000_000L * v))),
                  CLOCK)
              .apply(v, CLOCK)
              .history();
    }
    return history;
  }

  @Test
  void aNodeThatNeverHeardFromLayoutAdminHoldsNothingAndReportsVersionZero() throws IOException {
    NodeLayout layout = NodeLayout.open(dir, SELF);

    assertThat(layout.history()).isEmpty();
    assertThat(layout.currentVersion()).isZero();
    assertThat(layout.differsFrom(applied(0).digest().hex())).isTrue();
    assertThat(dir.resolve(LayoutFile.FILE_NAME)).doesNotExist();
  }

  @Test
  void aMergedHistoryIsPersistedAndReloadedAtTheNextStart() throws IOException {
    NodeLayout layout = NodeLayout.open(dir, SELF);
    LayoutHistory v2 = applied(2);

    assertThat(layout.merge(v2)).isTrue();

    assertThat(layout.currentVersion()).isEqualTo(2);
    assertThat(dir.resolve(LayoutFile.FILE_NAME + ".tmp")).doesNotExist();
    NodeLayout reopened = NodeLayout.open(dir, SELF);
    assertThat(reopened.history()).contains(v2);
    assertThat(reopened.differsFrom(v2.digest().hex())).isFalse();
  }

  @Test
  void anOlderHistoryReceivedLaterDoesNotTakeTheNodeBack() throws IOException {
    NodeLayout layout = NodeLayout.open(dir, SELF);
    layout.merge(applied(2));
    byte[] stored = Files.readAllBytes(dir.resolve(LayoutFile.FILE_NAME));

    assertThat(layout.merge(applied(1))).isFalse();

    assertThat(layout.currentVersion()).isEqualTo(2);
    assertThat(Files.readAllBytes(dir.resolve(LayoutFile.FILE_NAME))).isEqualTo(stored);
  }

  @Test
  void aNewerHistoryIsMergedIntoTheOneHeld() throws IOException {
    NodeLayout layout = NodeLayout.open(dir, SELF);
    layout.merge(applied(1));

    assertThat(layout.merge(applied(3))).isTrue();

    assertThat(layout.history()).contains(applied(1).merge(applied(3)));
    assertThat(NodeLayout.open(dir, SELF).currentVersion()).isEqualTo(3);
  }

  @Test
  void aCorruptFileStopsTheStartRatherThanForgetTheLayout() throws IOException {
    Files.write(dir.resolve(LayoutFile.FILE_NAME), new byte[] {1, 2, 3});

    assertThatThrownBy(() -> NodeLayout.open(dir, SELF))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(LayoutFile.FILE_NAME);
  }

  @Test
  void aWriteInFlightOnTheOldVersionHoldsBackTheAckUntilItReturns() throws IOException {
    NodeLayout layout = NodeLayout.open(dir, SELF);
    LayoutHistory v1 = selfIn(applied(0), 1);
    layout.merge(v1);
    AtomicInteger changes = new AtomicInteger();
    layout.onChange(changes::incrementAndGet);

    PlacedWrite write = layout.beginWrite(ConsistencyMode.CONSISTENT);
    assertThat(write.view().currentVersion()).isEqualTo(1);
    assertThat(layout.writesInFlight()).isEqualTo(1);

    layout.merge(selfIn(v1, 2));
    // Version 2 arrived while a write placed by version 1 is in flight: no acknowledgement yet.
    assertThat(ack(layout)).isEqualTo(1);

    write.close();
    // The last write on version 1 returned: the node acknowledges version 2 at once.
    assertThat(ack(layout)).isEqualTo(2);
    assertThat(layout.writesInFlight()).isZero();
    assertThat(changes.get()).isEqualTo(2);
  }

  @Test
  void markSyncedRaisesTheSyncTrackerNoFurtherThanTheCurrentVersion() throws IOException {
    NodeLayout layout = NodeLayout.open(dir, SELF);
    LayoutHistory v2 = selfIn(selfIn(applied(0), 1), 2);
    layout.merge(v2);
    assertThat(tracker(layout, Tracker.SYNC)).isEqualTo(1);

    layout.markSynced(5);

    assertThat(tracker(layout, Tracker.SYNC)).isEqualTo(2);
  }

  @Test
  void beforeAnyLayoutAWriteCannotBePlaced() throws IOException {
    NodeLayout layout = NodeLayout.open(dir, SELF);

    assertThatThrownBy(() -> layout.beginWrite(ConsistencyMode.CONSISTENT))
        .isInstanceOf(NoStorageNodesException.class);
  }

  /** {@code history} with version {@code v} applied: this node and a new one, RF 1. */
  private static LayoutHistory selfIn(LayoutHistory history, int v) {
    NodeId other = NodeId.fromHex("%02x".formatted(0x40 + v).repeat(32));
    return history
        .stage(
            Map.of(
                SELF,
                RoleChange.assign(NodeRole.storage("dc1", 1_000_000_000L)),
                other,
                RoleChange.assign(NodeRole.storage("dc1", 1_000_000_000L))),
            CLOCK)
        .apply(v, CLOCK)
        .history();
  }

  private static long ack(NodeLayout layout) {
    return tracker(layout, Tracker.ACK);
  }

  private static long tracker(NodeLayout layout, Tracker tracker) {
    return layout.history().orElseThrow().tracker(tracker, SELF);
  }
}
