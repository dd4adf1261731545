package dev.remise.admin.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import dev.remise.core.NodeId;
import dev.remise.core.Partition;
import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutException;
import dev.remise.layout.LayoutFile;
import dev.remise.layout.LayoutUpdateException;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout service over a temporary data dir: staging rules, persistence, bootstrap. */
class LayoutServiceTest {
  private static final long TB = 1_000_000_000_000L;
  private static final NodeId FIRST = NodeId.fromHex("a1".repeat(32));
  private static final NodeId SECOND = NodeId.fromHex("a2".repeat(32));
  private static final NodeId THIRD = NodeId.fromHex("b3".repeat(32));

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.getAndIncrement());

  private LayoutService open() throws IOException {
    return LayoutService.open(dir, clock, RingParameters.defaults());
  }

  private static RoleUpdate storage(String node, String zone, long capacity) {
    return new RoleUpdate(node, RoleChange.assign(NodeRole.storage(zone, capacity)));
  }

  @Test
  void aNewClusterIsVersionZeroWithThreeCopiesInAsManyZonesAsPossible() throws IOException {
    LayoutService service = open();

    assertThat(service.history().current().version()).isZero();
    assertThat(service.history().stagedParameters(Ring.BLOCK)).isEqualTo(RingParameters.defaults());
    assertThat(Files.exists(dir.resolve(LayoutFile.FILE_NAME))).isFalse();
  }

  @Test
  void theSingleNodeBootstrapAppliesVersionOneOnceAndARestartKeepsIt() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);

    assertThat(service.history().current().version()).isEqualTo(1);
    assertThat(service.history().current().blockRing().replicationFactor()).isEqualTo(1);
    assertThat(service.history().current().metadataRing().partitionCount(FIRST))
        .isEqualTo(Partition.COUNT);
    byte[] stored = Files.readAllBytes(dir.resolve(LayoutFile.FILE_NAME));

    LayoutService restarted = open();
    restarted.bootstrapSingleNode(FIRST, "dc1", TB);
    restarted.bootstrapSingleNode(SECOND, "dc9", 2 * TB);

    assertThat(restarted.history()).isEqualTo(service.history());
    assertThat(Files.readAllBytes(dir.resolve(LayoutFile.FILE_NAME))).isEqualTo(stored);
  }

  @Test
  void everyChangeIsOnDiskBeforeItIsAnswered() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);

    service.update(List.of(storage(SECOND.hex(), "dc2", TB)), Map.of());
    assertThat(open().history().stagedRoles()).containsOnlyKeys(SECOND);

    service.apply(2);
    assertThat(open().history().current().version()).isEqualTo(2);
    assertThat(open().history()).isEqualTo(service.history());

    service.update(List.of(new RoleUpdate(SECOND.hex(), RoleChange.remove())), Map.of());
    service.revert();
    assertThat(open().history().hasStagedChanges()).isFalse();
    assertThat(dir.resolve(LayoutFile.FILE_NAME + ".tmp")).doesNotExist();
  }

  @Test
  void aCorruptLayoutFileStopsTheStartInsteadOfStartingEmpty() throws IOException {
    Files.write(dir.resolve(LayoutFile.FILE_NAME), new byte[] {1, 2, 3});

    assertThatThrownBy(this::open)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read the layout history")
        .hasMessageContaining(LayoutFile.FILE_NAME);
  }

  @Test
  void aKnownNodeCanBeNamedByAUniquePrefix() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);
    service.update(List.of(storage(SECOND.hex(), "dc2", TB)), Map.of());

    assertThat(service.resolveNode("a1")).isEqualTo(FIRST);
    assertThat(service.resolveNode("A2A2")).isEqualTo(SECOND);
    assertThat(service.resolveNode(THIRD.hex())).isEqualTo(THIRD);
  }

  @Test
  void anUnknownOrAmbiguousPrefixIsRefusedSayingWhatToGive() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);
    service.update(List.of(storage(SECOND.hex(), "dc2", TB)), Map.of());

    assertInvalid(() -> service.resolveNode("b3"), "full 64-hex-digit id of a new node");
    assertInvalid(() -> service.resolveNode("a"), "ambiguous");
    assertInvalid(() -> service.resolveNode("zz"), "64 hex digits");
    assertInvalid(() -> service.update(List.of(storage("b3", "dc2", TB)), Map.of()), "b3");
  }

  @Test
  void updatesAreCheckedWholeAndStageNothingWhenOnePartIsWrong() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);

    assertInvalid(
        () ->
            service.update(
                List.of(storage(SECOND.hex(), "dc2", TB), storage(THIRD.hex(), "dc3", 0)),
                Map.of()),
        "positive number of bytes");
    assertInvalid(
        () ->
            service.update(
                List.of(
                    storage(SECOND.hex(), "dc2", TB),
                    storage(SECOND.hex().toUpperCase(), "dc2", TB)),
                Map.of()),
        "named twice");
    assertInvalid(
        () ->
            service.update(
                List.of(storage(SECOND.hex(), "dc2", TB)),
                Map.of(Ring.BLOCK, new RingParametersUpdate(null, ZoneRedundancy.atLeast(2)))),
        "zone redundancy 2 exceeds its replication factor 1");
    assertThat(service.history().hasStagedChanges()).isFalse();
  }

  @Test
  void ringParametersAreStagedPerRingKeepingWhatIsNotGiven() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);

    service.update(List.of(), Map.of(Ring.METADATA, new RingParametersUpdate(2, null)));

    assertThat(service.history().stagedParameters(Ring.METADATA))
        .isEqualTo(new RingParameters(2, ZoneRedundancy.atLeast(1)));
    assertThat(service.history().stagedParameters(Ring.BLOCK))
        .isEqualTo(new RingParameters(1, ZoneRedundancy.atLeast(1)));
  }

  @Test
  void applyNeedsTheNextVersionNumberAndAFeasibleLayout() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);

    assertThatThrownBy(() -> service.apply(2))
        .isInstanceOf(LayoutUpdateException.class)
        .hasMessageContaining("no staged changes");

    service.update(
        List.of(storage(SECOND.hex(), "dc2", TB)),
        Map.of(Ring.BLOCK, new RingParametersUpdate(3, ZoneRedundancy.maximum())));
    assertThatThrownBy(() -> service.apply(5))
        .isInstanceOf(LayoutUpdateException.class)
        .hasMessageContaining("apply with version 2");
    assertThatThrownBy(() -> service.apply(2))
        .isInstanceOf(LayoutException.class)
        .hasMessageContaining("replication factor 3 needs at least 3");
    assertThat(service.preview()).isInstanceOf(LayoutService.Preview.Impossible.class);
    assertThat(open().history().current().version()).isEqualTo(1);
  }

  @Test
  void theFileHoldsTheHistoryInItsCodec() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);

    assertThat(LayoutCodec.decode(Files.readAllBytes(dir.resolve(LayoutFile.FILE_NAME))))
        .isEqualTo(service.history());
  }

  private static void assertInvalid(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST))
        .hasMessageContaining(message);
  }

  @Test
  void aServiceThatLostItsDirectoryTakesTheNodesHistoryBackAndPersistsIt() throws IOException {
    LayoutService original = open();
    original.bootstrapSingleNode(FIRST, "dc1", TB);
    original.update(List.of(storage(SECOND.hex(), "dc2", TB)), Map.of());
    original.apply(2);
    var held = original.history();
    Files.delete(dir.resolve(LayoutFile.FILE_NAME));

    LayoutService fresh = open();
    assertThat(fresh.merge(held)).isTrue();
    assertThat(fresh.merge(held)).as("nothing new the second time").isFalse();

    assertThat(open().history().digest()).isEqualTo(held.digest());
  }

  @Test
  void skippingDeadNodesWhenNoneIsBehindSaysWhatElseToTry() throws IOException {
    LayoutService service = open();
    service.bootstrapSingleNode(FIRST, "dc1", TB);
    service.update(List.of(storage(SECOND.hex(), "dc2", TB)), Map.of());
    service.apply(2);

    assertThatThrownBy(() -> service.skipDeadNodes(2, false, node -> true))
        .isInstanceOfSatisfying(
            AdminException.class,
            e -> {
              assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("Pass allowMissingData");
            });
    var skipped = service.skipDeadNodes(2, false, FIRST::equals);
    assertThat(skipped.ackUpdated()).containsExactly(SECOND);
    assertThat(open().history().tracker(dev.remise.layout.UpdateTrackers.Tracker.ACK, SECOND))
        .isEqualTo(2);
  }
}
