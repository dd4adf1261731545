package dev.remise.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConsistencyModeTest {

  @Test
  void consistentQuorumsAreGaragesForEveryUsualReplicationFactor() {
    ConsistencyMode c = ConsistencyMode.CONSISTENT;
    // (RF, R, W) from garage-internals §3.4.
    int[][] expected = {{1, 1, 1}, {2, 1, 2}, {3, 2, 2}, {4, 2, 3}, {5, 3, 3}};
    for (int[] e : expected) {
      assertThat(c.readQuorum(e[0])).as("R for RF %d", e[0]).isEqualTo(e[1]);
      assertThat(c.writeQuorum(e[0])).as("W for RF %d", e[0]).isEqualTo(e[2]);
    }
  }

  @Property
  void consistentReadsMeetEveryWriteAndWritesMeetEachOther(
      @ForAll @IntRange(min = 1, max = 64) int rf) {
    ConsistencyMode c = ConsistencyMode.CONSISTENT;

    assertThat(c.readQuorum(rf) + c.writeQuorum(rf)).isGreaterThan(rf);
    assertThat(2 * c.writeQuorum(rf)).isGreaterThan(rf);
    assertThat(c.writeQuorum(rf)).isBetween(1, rf);
  }

  @Test
  void degradedReadsOneCopyAndDangerousAlsoWritesOne() {
    assertThat(ConsistencyMode.DEGRADED.readQuorum(3)).isEqualTo(1);
    assertThat(ConsistencyMode.DEGRADED.writeQuorum(3)).isEqualTo(2);
    assertThat(ConsistencyMode.DANGEROUS.readQuorum(3)).isEqualTo(1);
    assertThat(ConsistencyMode.DANGEROUS.writeQuorum(3)).isEqualTo(1);
    assertThat(ConsistencyMode.DEGRADED.followsLayoutTransitions()).isFalse();
  }

  @Test
  void modesParseAsGarageSpellsThemAndAnythingElseIsRefused() {
    assertThat(ConsistencyMode.parse(" Consistent ")).isEqualTo(ConsistencyMode.CONSISTENT);
    assertThat(ConsistencyMode.parse("dangerous")).isEqualTo(ConsistencyMode.DANGEROUS);
    assertThatThrownBy(() -> ConsistencyMode.parse("eventual"))
        .hasMessageContaining("use consistent, degraded or dangerous");
    assertThatThrownBy(() -> ConsistencyMode.CONSISTENT.readQuorum(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
