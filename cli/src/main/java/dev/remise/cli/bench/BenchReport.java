package dev.remise.cli.bench;

import dev.remise.cli.bench.OpStats.Latency;
import dev.remise.cli.bench.OpStats.OpSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's results: one row per operation kind and a total, as a text table for people and
 * as a JSON-ready map for files. Throughput is successful operations and their payload bytes over
 * the measured wall time; MB are 10^6 bytes; latencies are of successful operations, in ms.
 *
 * @param parameters what was run (endpoint, sizes, mix...), copied into the JSON as is
 * @param rows one per kind, then {@code total} over all of them
 */
public record BenchReport(
    Map<String, Object> parameters,
    List<OpSummary> rows,
    OpSummary total,
    double elapsedSeconds,
    String stoppedBy,
    Map<String, Long> errors) {

  public BenchReport {
    parameters = new LinkedHashMap<>(parameters);
    rows = List.copyOf(rows);
    errors = new LinkedHashMap<>(errors);
  }

  public static BenchReport of(Map<String, Object> parameters, BenchWorkload.Result result) {
    List<OpSummary> rows = new ArrayList<>();
    for (OpStats s : result.stats()) {
      rows.add(OpStats.summarize(s.kind().name(), List.of(s), result.elapsedNanos()));
    }
    OpSummary all = OpStats.summarize("TOTAL", result.stats(), result.elapsedNanos());
    // Time to first byte is a GET figure; the total's would only repeat it.
    OpSummary total =
        new OpSummary(
            all.name(),
            all.count(),
            all.errors(),
            all.bytes(),
            all.opsPerSecond(),
            all.mbPerSecond(),
            all.latency(),
            null);
    return new BenchReport(
        parameters,
        rows,
        total,
        result.elapsedNanos() / 1e9,
        result.stoppedBy().name().toLowerCase(Locale.ROOT),
        result.errors());
  }

  /** The summary table; GET rows also show the time to first byte. */
  public String table() {
    boolean ttfb = rows.stream().anyMatch(r -> r.firstByte() != null && r.count() > 0);
    List<String[]> lines = new ArrayList<>();
    List<String> header =
        new ArrayList<>(
            List.of("op", "count", "errors", "ops/s", "MB/s", "p50 ms", "p99 ms", "max ms"));
    if (ttfb) {
      header.add("ttfb p50 ms");
    }
    lines.add(header.toArray(String[]::new));
    List<OpSummary> all = new ArrayList<>(rows);
    if (rows.size() > 1) {
      all.add(total);
    }
    for (OpSummary r : all) {
      List<String> cells =
          new ArrayList<>(
              List.of(
                  r.name(),
                  Long.toString(r.count()),
                  Long.toString(r.errors()),
                  rate(r.opsPerSecond()),
                  rate(r.mbPerSecond()),
                  ms(r.latency().p50()),
                  ms(r.latency().p99()),
                  ms(r.latency().max())));
      if (ttfb) {
        cells.add(r.firstByte() == null || r.count() == 0 ? "" : ms(r.firstByte().p50()));
      }
      lines.add(cells.toArray(String[]::new));
    }
    int columns = lines.getFirst().length;
    int[] width = new int[columns];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        // The name left-aligned, numbers right-aligned.
        String cell = i == 0 ? ("%-" + width[i] + "s").formatted(l[i]) : pad(l[i], width[i]);
        out.append(i == 0 ? "" : "  ").append(cell);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The table, then how the run ended and the errors seen, as {@code remise bench s3} prints. */
  public String text() {
    StringBuilder out = new StringBuilder(table());
    out.append(
        String.format(Locale.ROOT, "%.1f s measured, stopped by %s%n", elapsedSeconds, stoppedBy));
    errors.forEach(
        (message, n) -> out.append(String.format(Locale.ROOT, "error x%d: %s%n", n, message)));
    return out.toString();
  }

  /** The report as nested maps and lists, for a JSON writer. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("parameters", parameters);
    out.put("elapsedSeconds", round(elapsedSeconds, 3));
    out.put("stoppedBy", stoppedBy);
    List<Map<String, Object>> ops = new ArrayList<>();
    for (OpSummary r : rows) {
      ops.add(row(r));
    }
    out.put("operations", ops);
    out.put("total", row(total));
    List<Map<String, Object>> errs = new ArrayList<>();
    errors.forEach(
        (message, n) -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("message", message);
          e.put("count", n);
          errs.add(e);
        });
    out.put("errors", errs);
    return out;
  }

  private static Map<String, Object> row(OpSummary r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", r.name());
    m.put("count", r.count());
    m.put("errors", r.errors());
    m.put("bytes", r.bytes());
    m.put("opsPerSecond", round(r.opsPerSecond(), 3));
    m.put("mbPerSecond", round(r.mbPerSecond(), 3));
    m.put("latencyMs", latency(r.latency()));
    if (r.firstByte() != null) {
      m.put("firstByteMs", latency(r.firstByte()));
    }
    return m;
  }

  private static Map<String, Object> latency(Latency l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", l.p50());
    m.put("p90", l.p90());
    m.put("p99", l.p99());
    m.put("max", l.max());
    m.put("mean", round(l.mean(), 3));
    return m;
  }

  /**
   * The line printed every second while a phase runs: its name, elapsed time, operations so far,
   * and the rates over the last interval.
   */
  public static String progressLine(BenchWorkload.Progress previous, BenchWorkload.Progress now) {
    boolean samePhase = previous != null && previous.phase().equals(now.phase());
    long dOps = now.operations() - (samePhase ? previous.operations() : 0);
    long dBytes = now.bytes() - (samePhase ? previous.bytes() : 0);
    long dNanos = now.elapsedNanos() - (samePhase ? previous.elapsedNanos() : 0);
    double seconds = dNanos / 1e9;
    return String.format(
        Locale.ROOT,
        "%s %6.1fs  ops %d  %s ops/s  %s MB/s  errors %d",
        now.phase(),
        now.elapsedNanos() / 1e9,
        now.operations(),
        rate(seconds > 0 ? dOps / seconds : 0),
        rate(seconds > 0 ? dBytes / seconds / 1e6 : 0),
        now.errors());
  }

  /** Three significant figures at least, two decimals at most: 0.42, 12.34, 1234.5, 98765. */
  static String rate(double v) {
    if (v >= 10_000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String ms(double v) {
    return v >= 1000
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
