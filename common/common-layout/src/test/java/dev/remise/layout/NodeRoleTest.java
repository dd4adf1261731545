package dev.remise.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The value types' invariants: roles, zone redundancy, parameters, node ids. */
class NodeRoleTest {

  @Test
  void aStorageNodeServesBothRingsUnlessOneIsNamed() {
    assertThat(NodeRole.storage("a", 1).rings()).containsExactly(Ring.METADATA, Ring.BLOCK);
    assertThat(NodeRole.storage("a", 1, Ring.BLOCK).rings()).containsExactly(Ring.BLOCK);
    assertThat(NodeRole.storage("a", 1, Ring.BLOCK).serves(Ring.METADATA)).isFalse();
  }

  @Test
  void aGatewayHasNoCapacityAndServesNoRing() {
    NodeRole gateway = NodeRole.gateway("a");

    assertThat(gateway.isGateway()).isTrue();
    assertThat(gateway.capacityOrZero()).isZero();
    assertThat(gateway.rings()).isEmpty();
  }

  @Test
  void aCapacityWithoutRingsOrRingsWithoutCapacityAreRefused() {
    assertThatThrownBy(() -> new NodeRole("a", OptionalLong.of(1), List.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeRole("a", OptionalLong.empty(), List.of(), Set.of(Ring.BLOCK)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void negativeCapacitiesAndBlankZonesAreRefused() {
    assertThatThrownBy(() -> NodeRole.storage("a", -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeRole.gateway(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalRolesAreEqualWhateverTheSetImplementation() {
    NodeRole a = new NodeRole("a", OptionalLong.of(5), List.of("ssd"), Set.of(Ring.BLOCK));

    assertThat(a).isEqualTo(NodeRole.storage("a", 5, Ring.BLOCK).withTags(List.of("ssd")));
  }

  @Test
  void zoneRedundancyMaximumIsCappedByTheReplicationFactorAndTheZones() {
    assertThat(ZoneRedundancy.maximum().effective(5, 3)).isEqualTo(3);
    assertThat(ZoneRedundancy.maximum().effective(2, 3)).isEqualTo(2);
    assertThat(ZoneRedundancy.atLeast(2).effective(5, 3)).isEqualTo(2);
    assertThatThrownBy(() -> ZoneRedundancy.atLeast(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RingParameters(0, ZoneRedundancy.maximum()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nodeIdsSortAsUnsignedBytesAndPrintAsHex() {
    NodeId low = NodeId.fromHex("7f" + "00".repeat(31));
    NodeId high = NodeId.fromHex("80" + "00".repeat(31));

    assertThat(low).isLessThan(high);
    assertThat(high.shortHex()).isEqualTo("8000000000000000");
    assertThat(NodeId.fromHex(high.hex())).isEqualTo(high);
    assertThatThrownBy(() -> NodeId.fromHex("00")).isInstanceOf(IllegalArgumentException.class);
  }
}
