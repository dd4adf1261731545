package dev.remise.cli.bench;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one kind of operation did in a phase: successes, errors, payload bytes moved, and a latency
 * histogram of the successful operations (HdrHistogram, microseconds, 3 significant digits, up to
 * one hour), so memory stays bounded however long the run. GET also records the time to the first
 * byte of the body. Safe for concurrent recording.
 */
public final class OpStats {
  private static final long MAX_MICROS = 3_600_000_000L;

  private final OpKind kind;
  private final LongAdder ok = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final Histogram latency = histogram();
  private final Histogram firstByte;

  public OpStats(OpKind kind) {
    this.kind = kind;
    this.firstByte = kind == OpKind.GET ? histogram() : null;
  }

  private static Histogram histogram() {
    return new ConcurrentHistogram(1, MAX_MICROS, 3);
  }

  public OpKind kind() {
    return kind;
  }

  /** A successful operation that took {@code nanos} and moved {@code payloadBytes}. */
  public void success(long nanos, long payloadBytes) {
    ok.increment();
    bytes.add(payloadBytes);
    latency.recordValue(micros(nanos));
  }

  public void firstByte(long nanos) {
    if (firstByte != null) {
      firstByte.recordValue(micros(nanos));
    }
  }

  public void error() {
    errors.increment();
  }

  public long ok() {
    return ok.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public long bytes() {
    return bytes.sum();
  }

  private static long micros(long nanos) {
    return Math.clamp(nanos / 1000, 1, MAX_MICROS);
  }

  /**
   * The summary over {@code elapsedNanos} of measured time.
   *
   * @param name the row's name, e.g. {@code GET} or {@code TOTAL}
   */
  public static OpSummary summarize(String name, List<OpStats> stats, long elapsedNanos) {
    Histogram lat = new Histogram(1, MAX_MICROS, 3);
    Histogram ttfb = null;
    long count = 0;
    long errs = 0;
    long payload = 0;
    for (OpStats s : stats) {
      count += s.ok();
      errs += s.errors();
      payload += s.bytes();
      lat.add(s.latency);
      if (s.firstByte != null) {
        if (ttfb == null) {
          ttfb = new Histogram(1, MAX_MICROS, 3);
        }
        ttfb.add(s.firstByte);
      }
    }
    double seconds = elapsedNanos / 1e9;
    return new OpSummary(
        name,
        count,
        errs,
        payload,
        seconds > 0 ? count / seconds : 0,
        seconds > 0 ? payload / seconds / 1e6 : 0,
        Latency.of(lat),
        ttfb == null ? null : Latency.of(ttfb));
  }

  /**
   * One row of the report.
   *
   * @param count successful operations
   * @param bytes payload bytes of the successful operations (object bodies sent or received)
   * @param mbPerSecond {@code bytes} per second in MB (10^6 B)
   * @param firstByte GET only: time to the first byte of the body
   */
  public record OpSummary(
      String name,
      long count,
      long errors,
      long bytes,
      double opsPerSecond,
      double mbPerSecond,
      Latency latency,
      Latency firstByte) {}

  /** Latency percentiles in milliseconds; all zero without samples. */
  public record Latency(double p50, double p90, double p99, double max, double mean) {
    static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0);
      }
      return new Latency(
          ms(h.getValueAtPercentile(50)),
          ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)),
          ms(h.getMaxValue()),
          h.getMean() / 1000.0);
    }

    private static double ms(long micros) {
      return micros / 1000.0;
    }
  }
}
