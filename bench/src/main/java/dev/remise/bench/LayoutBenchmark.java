package dev.remise.bench;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutComputer;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingLayout;
import dev.remise.layout.RingParameters;
import dev.remise.layout.ZoneRedundancy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to compute one ring (what {@code layout apply} and every preview pay, twice per version
 * since there are two rings): from scratch, and as an update after five nodes join, which adds the
 * previous-ring flow and the cycle cancelling that minimises movement.
 *
 * <p>Clusters: nodes spread round-robin over the zones, capacities 1 to 4 TB drawn from a fixed
 * seed (a heterogeneous cluster makes the size search and the flows work; equal capacities are the
 * easy case); RF 3, zone redundancy "maximum". The five newcomers have 16 TB each so that they
 * raise the partition size and take partitions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LayoutBenchmark {
  private static final long TB = 1_000_000_000_000L;
  private static final RingParameters RF3 = new RingParameters(3, ZoneRedundancy.maximum());

  /** "nodes x zones". */
  @Param({"100x3", "250x5"})
  public String cluster;

  private Map<NodeId, NodeRole> roles;
  private Map<NodeId, NodeRole> grown;
  private RingLayout before;

  @Setup
  public void setUp() {
    String[] shape = cluster.split("x");
    int nodes = Integer.parseInt(shape[0]);
    int zones = Integer.parseInt(shape[1]);
    SplittableRandom random = new SplittableRandom(2024);
    roles = new LinkedHashMap<>();
    for (int i = 0; i < nodes; i++) {
      roles.put(id(random), NodeRole.storage("dc" + i % zones, (1 + random.nextInt(4)) * TB));
    }
    grown = new LinkedHashMap<>(roles);
    for (int i = 0; i < 5; i++) {
      grown.put(id(random), NodeRole.storage("dc" + i % zones, 16 * TB));
    }
    before = LayoutComputer.computeRing(Ring.BLOCK, 1, roles, RF3, null).layout();
  }

  @Benchmark
  public RingLayout fromScratch() {
    return LayoutComputer.computeRing(Ring.BLOCK, 1, roles, RF3, null).layout();
  }

  @Benchmark
  public RingLayout afterAddingFiveNodes() {
    return LayoutComputer.computeRing(Ring.BLOCK, 2, grown, RF3, before).layout();
  }

  private static NodeId id(SplittableRandom random) {
    byte[] bytes = new byte[NodeId.LENGTH];
    random.nextBytes(bytes);
    return new NodeId(bytes);
  }
}
