package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutFile;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
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
}
