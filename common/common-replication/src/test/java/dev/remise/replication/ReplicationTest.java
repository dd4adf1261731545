package dev.remise.replication;

import static dev.remise.replication.QuorumTrackerTest.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.UpdateTrackers;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Write and read sets of both strategies, in a steady cluster and during a layout change. */
class ReplicationTest {
  private static final long TB = 1_000_000_000_000L;
  private static final Replication SHARDED = new Replication.Sharded(Ring.METADATA);
  private static final Replication FULL = new Replication.FullCopy();

  private final AtomicLong now = new AtomicLong(1_000);
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.getAndIncrement());

  private LayoutHistory add(LayoutHistory h, int node, String zone) {
    return h.stage(Map.of(node(node), RoleChange.assign(NodeRole.storage(zone, TB))), clock);
  }

  /** Nodes 1-3 in three zones at RF 3 (version 1). */
  private LayoutHistory steady() {
    LayoutHistory h = LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults());
    return add(add(add(h, 1, "dc1"), 2, "dc2"), 3, "dc3").apply(1, clock).history();
  }

  /** Version 2 replaces node 3 by node 4 in the same zone; version 1 stays active. */
  private LayoutHistory replacing() {
    LayoutHistory h = add(steady(), 4, "dc3");
    h = h.stage(Map.of(node(3), RoleChange.remove()), clock);
    return h.apply(2, clock).history();
  }

  private static Hash hash(int first) {
    byte[] b = new byte[32];
    b[0] = (byte) first;
    b[31] = 7;
    return new Hash(b);
  }

  @Test
  void inASteadyClusterAWriteGoesToThePartitionsThreeNodesAndNeedsTwo() {
    LayoutView view = LayoutView.of(steady(), ConsistencyMode.CONSISTENT);

    WriteSets w = SHARDED.writeSets(view, hash(42));
    ReadSet r = SHARDED.readSet(view, hash(42));

    assertThat(w.sets()).hasSize(1);
    assertThat(w.sets().getFirst().nodes()).containsExactlyInAnyOrder(node(1), node(2), node(3));
    assertThat(w.sets().getFirst().quorum()).isEqualTo(2);
    assertThat(r.quorum()).isEqualTo(2);
    assertThat(SHARDED.partitionOf(hash(42))).isEqualTo(42);
  }

  @Test
  void duringALayoutChangeWritesReachBothVersionsAndReadsStayOnTheOldOneUntilSynced() {
    LayoutHistory h = replacing();
    LayoutView view = LayoutView.of(h, ConsistencyMode.CONSISTENT);

    WriteSets w = SHARDED.writeSets(view, hash(9));

    assertThat(w.sets()).hasSize(2);
    assertThat(w.sets().get(0).nodes()).contains(node(3));
    assertThat(w.sets().get(1).nodes()).contains(node(4)).doesNotContain(node(3));
    assertThat(w.nodes()).hasSize(4);
    assertThat(view.readVersion().version()).isEqualTo(1);
    assertThat(SHARDED.readSet(view, hash(9)).nodes()).contains(node(3));
    assertThat(SHARDED.storageNodes(view, 9)).hasSize(4);

    TreeMap<NodeId, Long> synced = new TreeMap<>(Map.of(node(1), 2L, node(2), 2L));
    LayoutView after =
        LayoutView.of(
            h.withTrackers(new UpdateTrackers(new TreeMap<>(), synced, new TreeMap<>())),
            ConsistencyMode.CONSISTENT);
    assertThat(after.readVersion().version()).isEqualTo(2);
    assertThat(SHARDED.readSet(after, hash(9)).nodes()).contains(node(4));
  }

  @Test
  void theWeakerModesKeepOnlyTheCurrentVersion() {
    LayoutView view = LayoutView.of(replacing(), ConsistencyMode.DANGEROUS);

    WriteSets w = SHARDED.writeSets(view, hash(9));

    assertThat(w.sets()).hasSize(1);
    assertThat(w.sets().getFirst().quorum()).isEqualTo(1);
    assertThat(view.readVersion().version()).isEqualTo(2);
    assertThat(SHARDED.readSet(view, hash(9)).quorum()).isEqualTo(1);
  }

  @Test
  void fullCopyTablesLiveOnEveryMetadataNodeWithMajorityQuorums() {
    LayoutView view = LayoutView.of(replacing(), ConsistencyMode.CONSISTENT);

    WriteSets w = FULL.writeSets(view, hash(200));

    assertThat(w.sets()).extracting(s -> s.nodes().size()).containsExactly(3, 3);
    assertThat(w.sets()).extracting(WriteSet::quorum).containsExactly(2, 2);
    assertThat(FULL.readSet(view, hash(1)).nodes()).contains(node(3));
    assertThat(FULL.storageNodes(view, 0)).hasSize(4);
    assertThat(FULL.partitionOf(hash(200))).isZero();
  }

  @Test
  void withoutALayoutThereIsNowhereToWrite() {
    LayoutView view =
        LayoutView.of(
            LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults()),
            ConsistencyMode.CONSISTENT);

    assertThatThrownBy(() -> SHARDED.writeSets(view, hash(1)))
        .isInstanceOf(NoStorageNodesException.class)
        .hasMessageContaining("apply a layout");
    assertThatThrownBy(() -> FULL.readSet(view, hash(1)))
        .isInstanceOf(NoStorageNodesException.class);
  }

  /**
   * The quorum intersection the consistent mode rests on, checked exhaustively for one partition
   * per generated case: in the read version, every read quorum meets every write quorum of the
   * write set that version contributes.
   */
  @Property(tries = 50)
  void everyReadQuorumMeetsEveryWriteQuorumOfTheReadVersion(
      @ForAll @IntRange(min = 0, max = 255) int partition) {
    LayoutView view = LayoutView.of(replacing(), ConsistencyMode.CONSISTENT);
    ReadSet r = SHARDED.readSet(view, hash(partition));
    int index = (int) (view.readVersion().version() - view.writeVersions().getFirst().version());
    WriteSet w = SHARDED.writeSets(view, hash(partition)).sets().get(index);

    for (Set<NodeId> reads : subsets(r.nodes(), r.quorum())) {
      for (Set<NodeId> writes : subsets(w.nodes(), w.quorum())) {
        Set<NodeId> common = new HashSet<>(reads);
        common.retainAll(writes);
        assertThat(common).as("reads %s, writes %s", reads, writes).isNotEmpty();
      }
    }
  }

  private static List<Set<NodeId>> subsets(List<NodeId> nodes, int size) {
    List<Set<NodeId>> out = new ArrayList<>();
    int n = nodes.size();
    for (int mask = 0; mask < (1 << n); mask++) {
      if (Integer.bitCount(mask) == size) {
        Set<NodeId> s = new HashSet<>();
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            s.add(nodes.get(i));
          }
        }
        out.add(s);
      }
    }
    return out;
  }
}
