package dev.remise.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.replication.QuorumTracker.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumTrackerTest {
  static NodeId node(int i) {
    return NodeId.fromHex("%02x".formatted(i).repeat(32));
  }

  private static final WriteSet ABC = new WriteSet(List.of(node(1), node(2), node(3)), 2);
  private static final WriteSet BCD = new WriteSet(List.of(node(2), node(3), node(4)), 2);

  @Test
  void aSingleSetIsReachedWithItsQuorumOfSuccesses() {
    QuorumTracker t = new QuorumTracker(WriteSets.of(ABC));

    assertThat(t.success(node(1))).isEqualTo(Outcome.PENDING);
    assertThat(t.failure(node(2), new RuntimeException("down"))).isEqualTo(Outcome.PENDING);
    assertThat(t.success(node(3))).isEqualTo(Outcome.REACHED);
  }

  @Test
  void aSetThatCanNoLongerReachItsQuorumFailsAtOnce() {
    QuorumTracker t = new QuorumTracker(WriteSets.of(ABC));

    t.failure(node(1), new RuntimeException("one"));
    assertThat(t.failure(node(2), new RuntimeException("two"))).isEqualTo(Outcome.FAILED);
    assertThat(t.errors()).hasSize(2);
    // A late success changes nothing: the write has failed.
    assertThat(t.success(node(3))).isEqualTo(Outcome.FAILED);
  }

  @Test
  void everySetNeedsItsOwnQuorumAndASharedNodeCountsInEach() {
    QuorumTracker t = new QuorumTracker(WriteSets.of(ABC, BCD));

    t.success(node(1));
    assertThat(t.success(node(2))).as("ABC reached, BCD has one").isEqualTo(Outcome.PENDING);
    assertThat(t.success(node(3))).isEqualTo(Outcome.REACHED);
  }

  @Test
  void theNewVersionsSetFailingFailsTheWriteEvenIfTheOldOneSucceeded() {
    QuorumTracker t = new QuorumTracker(WriteSets.of(ABC, BCD));

    t.success(node(1));
    t.success(node(2));
    t.failure(node(3), new RuntimeException("x"));
    assertThat(t.failure(node(4), new RuntimeException("y"))).isEqualTo(Outcome.FAILED);
  }

  @Test
  void aNodeAnsweringTwiceCountsOnce() {
    QuorumTracker t = new QuorumTracker(WriteSets.of(ABC));

    t.success(node(1));
    assertThat(t.success(node(1))).isEqualTo(Outcome.PENDING);
    assertThat(t.failure(node(1), new RuntimeException())).isEqualTo(Outcome.PENDING);
    assertThat(t.errors()).isEmpty();
  }

  @Test
  void writeSetsListEachNodeOnceInOrder() {
    assertThat(WriteSets.of(ABC, BCD).nodes()).containsExactly(node(1), node(2), node(3), node(4));
  }
}
