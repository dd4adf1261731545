package dev.remise.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The graph engine on networks small enough to solve by hand. */
class FlowNetworkTest {

  /** The network of CLRS figure 26.1: maximum flow 23. */
  private static FlowNetwork textbook(int[] arcs) {
    FlowNetwork n = new FlowNetwork(6, 4);
    int s = 0;
    int t = 5;
    arcs[0] = n.addEdge(s, 1, 16);
    n.addEdge(s, 2, 13);
    n.addEdge(1, 3, 12);
    n.addEdge(2, 1, 4);
    n.addEdge(2, 4, 14);
    n.addEdge(3, 2, 9);
    n.addEdge(3, t, 20);
    arcs[1] = n.addEdge(4, 3, 7);
    n.addEdge(4, t, 4);
    n.seal(new SeededShuffle(1));
    return n;
  }

  @Test
  void dinicFindsTheMaximumFlowWhateverTheShuffle() {
    for (long seed = 0; seed < 20; seed++) {
      FlowNetwork n = textbook(new int[2]);
      assertThat(n.maxFlow(0, 5)).isEqualTo(23);
    }
  }

  @Test
  void maxFlowContinuesFromTheCurrentFlowAfterACapacityGrows() {
    int[] arcs = new int[2];
    FlowNetwork n = textbook(arcs);
    n.setCapacity(arcs[1], 0);
    int before = n.maxFlow(0, 5);

    n.setCapacity(arcs[1], 7);
    int after = n.maxFlow(0, 5);

    assertThat(before).isLessThan(after);
    assertThat(after).isEqualTo(23);
  }

  @Test
  void cycleCancellingMovesFlowOntoCheaperArcsWithoutChangingItsValue() {
    // Two parallel routes s → a → t and s → b → t, each of capacity 1; one unit must flow. Route
    // a is preferred (cost −1); start with the unit on route b.
    FlowNetwork n = new FlowNetwork(4, 4);
    int sa = n.addEdge(0, 1, 1);
    int at = n.addEdge(1, 3, 1);
    int sb = n.addEdge(0, 2, 1);
    int bt = n.addEdge(2, 3, 1);
    n.seal(new SeededShuffle(0));
    n.push(sb, 1);
    n.push(bt, 1);
    int[] cost = new int[n.arcCount()];
    cost[at] = -1;
    cost[at ^ 1] = 1;

    long saved = CycleCanceller.minimiseCost(n, cost);

    assertThat(saved).isEqualTo(1);
    assertThat(n.flow(sa)).isEqualTo(1);
    assertThat(n.flow(at)).isEqualTo(1);
    assertThat(n.flow(sb)).isZero();
    assertThat(n.outflow(0)).isEqualTo(1);
  }

  @Test
  void theShuffleIsAFunctionOfItsSeed() {
    int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    int[] b = a.clone();
    new SeededShuffle(42).shuffle(a, 0, a.length);
    new SeededShuffle(42).shuffle(b, 0, b.length);

    assertThat(a).isEqualTo(b).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(a).isNotEqualTo(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  }
}
