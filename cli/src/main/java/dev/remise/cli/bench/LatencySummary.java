package dev.remise.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Mean, min and max of one request kind's latencies, in milliseconds and, given the round trip the
 * cluster was set up with, in multiples of it (Garage's s3lat: "GetObject in 1.1 RTT").
 */
public record LatencySummary(
    String operation, int count, double meanMs, double minMs, double maxMs) {

  public static LatencySummary of(String operation, List<Long> nanos) {
    if (nanos.isEmpty()) {
      throw new IllegalArgumentException("no measurement of " + operation);
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    double sum = 0;
    for (long n : nanos) {
      min = Math.min(min, n);
      max = Math.max(max, n);
      sum += n;
    }
    return new LatencySummary(
        operation, nanos.size(), sum / nanos.size() / 1e6, min / 1e6, max / 1e6);
  }

  /** The mean as a multiple of {@code rtt}, if one was given. */
  public Optional<Double> meanInRtt(Optional<Duration> rtt) {
    return rtt.filter(r -> !r.isZero()).map(r -> meanMs / (r.toNanos() / 1e6));
  }

  /** One line of the report. */
  public String line(Optional<Duration> rtt) {
    String base =
        "%-14s %5d  mean %8.2f ms  min %8.2f ms  max %8.2f ms"
            .formatted(operation, count, meanMs, minMs, maxMs);
    return meanInRtt(rtt).map(m -> base + "  (%.2f RTT)".formatted(m)).orElse(base);
  }
}
