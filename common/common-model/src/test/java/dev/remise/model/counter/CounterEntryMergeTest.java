package dev.remise.model.counter;

import static dev.remise.model.CounterArbitraries.entry;
import static dev.remise.model.CounterArbitraries.node;
import static dev.remise.model.CounterArbitraries.nodes;
import static dev.remise.model.CounterArbitraries.totals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.model.CounterArbitraries;
import dev.remise.model.CrdtLaws;
import dev.remise.model.TableMergeContract;
import dev.remise.table.CounterValues;
import dev.remise.table.TableSchema;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The counter entry's merge is a last-writer-wins register per node (not Garage's, which keeps the
 * old stamp with the new value), and reading takes the maximum over the storage nodes.
 */
class CounterEntryMergeTest implements TableMergeContract<CounterEntry> {
  private static final CounterTable TABLE = CounterTable.BUCKET_OBJECT_COUNTER;

  @Override
  public TableSchema<CounterEntry> table() {
    return TABLE;
  }

  @Override
  @Provide
  public Arbitrary<CounterEntry> replicas() {
    return CounterArbitraries.replicas();
  }

  @Property
  void eachNodeKeepsItsNewestTotals(
      @ForAll("replicas") CounterEntry a, @ForAll("replicas") CounterEntry b) {
    CounterEntry merged = TABLE.merge(a, b);

    assertThat(merged.nodes().keySet())
        .containsAll(a.nodes().keySet())
        .containsAll(b.nodes().keySet());
    merged
        .nodes()
        .forEach(
            (node, totals) -> {
              CounterValues x = a.nodes().get(node);
              CounterValues y = b.nodes().get(node);
              long newest =
                  Math.max(
                      x == null ? Long.MIN_VALUE : x.timestamp(),
                      y == null ? Long.MIN_VALUE : y.timestamp());
              assertThat(totals.timestamp()).isEqualTo(newest);
              if (x != null && x.timestamp() > (y == null ? Long.MIN_VALUE : y.timestamp())) {
                assertThat(totals).isEqualTo(x);
              }
              if (y != null && y.timestamp() > (x == null ? Long.MIN_VALUE : x.timestamp())) {
                assertThat(totals).isEqualTo(y);
              }
            });
  }

  @Example
  void newerTotalsWinInEitherOrderAndKeepTheirStamp() {
    NodeId n = node(1);
    CounterEntry older = entry(Map.of(n, totals(5, "objects", 10)));
    CounterEntry newer = entry(Map.of(n, totals(6, "objects", 3)));

    CounterEntry expected = entry(Map.of(n, totals(6, "objects", 3)));
    assertThat(CrdtLaws.hex(TABLE, TABLE.merge(older, newer)))
        .isEqualTo(CrdtLaws.hex(TABLE, expected));
    assertThat(CrdtLaws.hex(TABLE, TABLE.merge(newer, older)))
        .isEqualTo(CrdtLaws.hex(TABLE, expected));
    // Garage's pitfall: keeping stamp 5 with value 3 would let a later stamp-5 delivery of 10 win
    // back on some replicas only.
    assertThat(CrdtLaws.hex(TABLE, TABLE.merge(TABLE.merge(older, newer), older)))
        .isEqualTo(CrdtLaws.hex(TABLE, expected));
  }

  @Example
  void equalStampsJoinValueByValueWithTheMaximum() {
    NodeId n = node(1);
    CounterEntry a = entry(Map.of(n, totals(5, "objects", 2, "bytes", 7)));
    CounterEntry b = entry(Map.of(n, totals(5, "objects", 4, "unfinished_uploads", 1)));

    assertThat(TABLE.merge(a, b).nodes().get(n))
        .isEqualTo(totals(5, "bytes", 7, "objects", 4, "unfinished_uploads", 1));
  }

  @Example
  void valuesAreTheMaximumOverTheStorageNodesOnly() {
    CounterEntry e =
        entry(
            Map.of(
                node(1), totals(9, "objects", 5, "bytes", 50),
                node(2), totals(3, "objects", 4, "bytes", 60),
                node(3), totals(7, "objects", 100, "bytes", 1000)));

    // Each storage node holds every object of the bucket: the most advanced count is the best.
    assertThat(e.values(nodes(1, 2)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("bytes", 60L, "objects", 5L));
    // Node 3 left the layout: its stale totals are ignored.
    assertThat(e.values(List.of())).isEmpty();
    assertThat(e.values(nodes(3, 4))).containsEntry("objects", 100L);
  }

  @Example
  void aCounterIsATombstoneWhenEveryValueIsZero() {
    assertThat(
            TABLE.isTombstone(
                entry(Map.of(node(1), totals(9, "objects", 0), node(2), totals(3, "bytes", 0)))))
        .isTrue();
    assertThat(TABLE.isTombstone(entry(Map.of(node(1), totals(9, "objects", 0, "bytes", 1)))))
        .isFalse();
  }
}
