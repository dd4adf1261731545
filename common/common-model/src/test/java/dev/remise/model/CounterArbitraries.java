package dev.remise.model;

import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.model.counter.CounterEntry;
import dev.remise.table.CounterValues;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated counter-table entries. Replicas of one counter draw nodes, stamps and values from small
 * pools, so two replicas often hold the same node's totals with the same or different stamps.
 */
public final class CounterArbitraries {
  private CounterArbitraries() {}

  public static final Uuid BUCKET = ModelArbitraries.uuid(0x0b);

  /** A readable node id: 32 times the byte {@code n}. */
  public static NodeId node(int n) {
    byte[] b = new byte[NodeId.LENGTH];
    Arrays.fill(b, (byte) n);
    return new NodeId(b);
  }

  private static Arbitrary<CounterValues> totals(
      Arbitrary<Long> stamps, Arbitrary<String> names, Arbitrary<Long> values) {
    return Combinators.combine(
            stamps, Arbitraries.maps(names, values).ofMaxSize(3).map(TreeMap::new))
        .as(CounterValues::new);
  }

  private static Arbitrary<CounterEntry> entries(
      Arbitrary<Uuid> partitions,
      Arbitrary<String> sortKeys,
      Arbitrary<NodeId> nodes,
      Arbitrary<CounterValues> totals) {
    return Combinators.combine(
            partitions, sortKeys, Arbitraries.maps(nodes, totals).ofMaxSize(4).map(TreeMap::new))
        .as(CounterEntry::new);
  }

  /** States of bucket {@link #BUCKET}'s object counter that different replicas may hold. */
  public static Arbitrary<CounterEntry> replicas() {
    return entries(
        Arbitraries.just(BUCKET),
        Arbitraries.just(""),
        Arbitraries.integers().between(1, 3).map(CounterArbitraries::node),
        totals(
            ModelArbitraries.smallTimestamps(),
            Arbitraries.of("objects", "bytes", "unfinished_uploads"),
            Arbitraries.longs().between(-1, 3)));
  }

  /** Any counter entry, for codec properties. */
  public static Arbitrary<CounterEntry> any() {
    return entries(
        ModelArbitraries.anyUuid(),
        ModelArbitraries.text(),
        Arbitraries.bytes().array(byte[].class).ofSize(NodeId.LENGTH).map(NodeId::new),
        totals(ModelArbitraries.anyLong(), ModelArbitraries.text(), ModelArbitraries.anyLong()));
  }

  /** Shorthand for totals in tests: {@code totals(5, "objects", 2L, "bytes", 10L)}. */
  public static CounterValues totals(long stamp, Object... nameValues) {
    TreeMap<String, Long> values = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      values.put((String) nameValues[i], ((Number) nameValues[i + 1]).longValue());
    }
    return new CounterValues(stamp, values);
  }

  /** An entry of bucket {@link #BUCKET}'s object counter holding the given nodes' totals. */
  public static CounterEntry entry(Map<NodeId, CounterValues> nodes) {
    return new CounterEntry(BUCKET, "", new TreeMap<>(nodes));
  }

  public static List<NodeId> nodes(int... ns) {
    return Arrays.stream(ns).mapToObj(CounterArbitraries::node).toList();
  }
}
