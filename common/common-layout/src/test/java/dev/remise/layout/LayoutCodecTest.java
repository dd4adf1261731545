package dev.remise.layout;

import static dev.remise.layout.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import dev.remise.table.MalformedEntryException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The persisted format of the layout history: golden bytes written out by hand from the format in
 * {@link LayoutCodec}'s note (a change to them is a format change, and needs a new format number),
 * round trips, and refusal of anything that is not a history of a known format.
 */
class LayoutCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String NODE_1 = "00".repeat(31) + "01";

  @Provide
  Arbitrary<LayoutHistory> histories() {
    return Histories.histories();
  }

  @Example
  void aNewHistoryEncodesToTheGoldenBytes() {
    LayoutHistory history = LayoutHistory.initial(Histories.THREE, Histories.THREE);

    String expected =
        "524c5948" // "RLYH"
            + "01" // format 1
            + "0000000000000000" // active from version 0
            + "00000001" // one version:
            + "0000000000000000" //   number 0
            + "00000000" //   no roles
            + "00000003"
            + "00" //   metadata ring: RF 3, zone redundancy maximum
            + "00000003"
            + "00" //   block ring: the same
            + emptyRing(3) // metadata ring: no nodes, no entries
            + emptyRing(3) // block ring
            + "00000000".repeat(3) // ack, sync, syncAck: nobody yet
            + "0000000000000000" // staging epoch 0
            + "00000000" // no staged roles
            + "0000000000000000"
            + "00000003"
            + "00" // staged metadata parameters at time 0
            + "0000000000000000"
            + "00000003"
            + "00"; // staged block parameters at time 0
    assertThat(HEX.formatHex(LayoutCodec.encode(history))).isEqualTo(expected);
  }

  @Example
  void stagingAndTrackersEncodeToTheGoldenBytes() {
    LayoutHistory initial = LayoutHistory.initial(Histories.ONE, Histories.ONE);
    TreeMap<dev.remise.core.NodeId, Lww<RoleChange>> roles = new TreeMap<>();
    roles.put(
        node(1),
        new Lww<>(5, RoleChange.assign(NodeRole.storage("dc1", 1000).withTags(List.of("ssd")))));
    roles.put(node(2), new Lww<>(6, RoleChange.remove()));
    LayoutStaging staging =
        new LayoutStaging(
            7,
            new LwwMap<>(roles),
            new Lww<>(8, new RingParameters(2, ZoneRedundancy.atLeast(2))),
            new Lww<>(0, Histories.ONE));
    UpdateTrackers trackers =
        UpdateTrackers.empty().raise(UpdateTrackers.Tracker.SYNC_ACK, node(1), 9);
    LayoutHistory history = new LayoutHistory(initial.versions(), 0, trackers, staging);

    String expected =
        "524c5948"
            + "01"
            + "0000000000000000"
            + "00000001"
            + "0000000000000000"
            + "00000000"
            + "00000001"
            + "01"
            + "00000001" // RF 1, at least 1 zone
            + "00000001"
            + "01"
            + "00000001"
            + emptyRing(1)
            + emptyRing(1)
            + "00000000" // ack
            + "00000000" // sync
            + "00000001"
            + NODE_1
            + "0000000000000009" // syncAck: node 1 at 9
            + "0000000000000007" // epoch 7
            + "00000002" // two staged roles:
            + NODE_1
            + "0000000000000005" //   node 1 at time 5:
            + "01" //     assign
            + "00000003"
            + "646331" //     zone "dc1"
            + "01"
            + "00000000000003e8" //     capacity 1000
            + "00000001"
            + "00000003"
            + "737364" //     tags ["ssd"]
            + "03" //     metadata and block rings
            + "00".repeat(31)
            + "02"
            + "0000000000000006"
            + "00" // node 2 at time 6: remove
            + "0000000000000008"
            + "00000002"
            + "01"
            + "00000002" // metadata: RF 2, at least 2
            + "0000000000000000"
            + "00000001"
            + "01"
            + "00000001"; // block: RF 1, at least 1
    assertThat(HEX.formatHex(LayoutCodec.encode(history))).isEqualTo(expected);
  }

  @Example
  void aComputedRingEncodesItsNodesSizeAndEntries() {
    Map<dev.remise.core.NodeId, NodeRole> roles = Map.of(node(1), NodeRole.storage("dc1", 256_000));
    LayoutHistory history =
        LayoutHistory.initial(Histories.ONE, Histories.ONE)
            .stage(Map.of(node(1), RoleChange.assign(roles.get(node(1)))), Histories.ticking(100))
            .apply(1, Histories.ticking(200))
            .history();

    String ring =
        "00000001"
            + NODE_1 // one node
            + "00000001"
            + "00000001" // RF 1, zone redundancy 1
            + "00000000000003e8" // 256 partitions of 1000 bytes fill 256000
            + "00000100"
            + "00".repeat(256); // every partition on node index 0
    String version =
        "0000000000000001" // number 1
            + "00000001"
            + NODE_1
            + "00000003"
            + "646331"
            + "01"
            + "000000000003e800"
            + "00000000"
            + "03" // node 1: dc1, 256000 bytes, no tags, both rings
            + "00000001"
            + "01"
            + "00000001"
            + "00000001"
            + "01"
            + "00000001"
            + ring
            + ring;
    assertThat(HEX.formatHex(LayoutCodec.encode(history)))
        .startsWith("524c5948" + "01" + "0000000000000001" + "00000001" + version);
  }

  @Property
  void decodingAnEncodedHistoryGivesItBack(@ForAll("histories") LayoutHistory history) {
    byte[] bytes = LayoutCodec.encode(history);

    assertThat(LayoutCodec.decode(bytes)).isEqualTo(history);
    assertThat(LayoutCodec.encode(LayoutCodec.decode(bytes))).isEqualTo(bytes);
  }

  @Property(tries = 200)
  void aTruncatedHistoryIsRefusedNeverMisread(@ForAll("histories") LayoutHistory history) {
    byte[] bytes = LayoutCodec.encode(history);

    for (int cut : new int[] {4, 5, 13, bytes.length / 2, bytes.length - 1}) {
      assertThatThrownBy(() -> LayoutCodec.decode(Arrays.copyOf(bytes, cut)))
          .isInstanceOf(MalformedEntryException.class);
    }
  }

  @Example
  void anotherFileOrALaterFormatIsRefusedWithAClearMessage() {
    byte[] bytes = LayoutCodec.encode(LayoutHistory.initial(Histories.ONE, Histories.ONE));
    byte[] later = bytes.clone();
    later[4] = 2;

    assertThatThrownBy(() -> LayoutCodec.decode("G010lh...".getBytes()))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("not a Remise layout history");
    assertThatThrownBy(() -> LayoutCodec.decode(later))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("format 2");
  }

  @Example
  void inconsistentContentIsRefusedAsMalformed() {
    byte[] bytes = LayoutCodec.encode(LayoutHistory.initial(Histories.ONE, Histories.ONE));
    byte[] activeAhead = bytes.clone();
    activeAhead[12] = 1; // active from version 1, while the current version is 0

    assertThatThrownBy(() -> LayoutCodec.decode(activeAhead))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("oldest active version");
  }

  private static String emptyRing(int rf) {
    return "00000000" + "%08x".formatted(rf) + "00000000" + "0000000000000000" + "00000000";
  }
}
