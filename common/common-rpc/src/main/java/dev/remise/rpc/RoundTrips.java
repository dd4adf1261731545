package dev.remise.rpc;

import dev.remise.core.NodeId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An average round trip per node, updated by each call (an exponentially weighted moving average,
 * weight 1/8 for the newest sample), for Garage's "lowest latency first" among equally placed
 * replicas. A node never called counts as 10 s, as in Garage, so known nodes are tried first.
 */
final class RoundTrips {
  private static final long UNKNOWN_NANOS = Duration.ofSeconds(10).toNanos();
  private final Map<NodeId, Long> averages = new ConcurrentHashMap<>();

  void record(NodeId node, long nanos) {
    averages.merge(node, nanos, (old, sample) -> old + (sample - old) / 8);
  }

  long averageNanos(NodeId node) {
    return averages.getOrDefault(node, UNKNOWN_NANOS);
  }
}
