package dev.remise.cli.check;

import dev.remise.cli.check.Operation.Result;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The JSON documents of {@code remise check read-after-write}, as maps and lists ready for any JSON
 * writer: the summary printed to stdout and the full list of violations. Times are milliseconds
 * since the run began, on the run's one monotonic clock.
 */
public final class ReadAfterWriteReport {
  /** How many distinct error messages the summary lists. */
  static final int ERRORS_LISTED = 10;

  private ReadAfterWriteReport() {}

  /**
   * @param parameters what the run was asked (endpoints, bucket, clients, ...), printed first
   * @param maxViolations how many violations to describe; all are counted
   */
  public static Map<String, Object> summary(
      Map<String, Object> parameters,
      ReadAfterWriteWorkload.Run run,
      CheckReport report,
      int maxViolations) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("check", "read-after-write");
    doc.put("result", report.ok() ? "ok" : "violations");
    doc.putAll(parameters);
    doc.put("keyPrefix", run.keyPrefix());
    doc.put("stoppedBy", run.stoppedByDuration() ? "max-duration" : "operations");
    double seconds = run.elapsed().toNanos() / 1e9;
    doc.put("elapsedSeconds", round(seconds));
    doc.put("operationsPerSecond", seconds == 0 ? 0 : Math.round(report.operations() / seconds));
    doc.put("operations", report.operations());
    doc.put("gets", report.gets());
    doc.put("notFoundGets", report.notFoundGets());
    doc.put("puts", report.puts());
    doc.put("deletes", report.deletes());
    Map<String, Long> failed = new LinkedHashMap<>();
    failed.put("gets", report.failedGets());
    failed.put("puts", report.failedPuts());
    failed.put("deletes", report.failedDeletes());
    doc.put("failed", failed);
    doc.put("latencyMs", latencies(run.operations()));
    doc.put("errors", topErrors(run.operations()));
    doc.put("perEndpoint", perEndpoint(run.operations()));
    doc.put("violations", report.violations().size());
    Map<Violation.Type, Long> byType = new EnumMap<>(Violation.Type.class);
    report.violations().forEach(v -> byType.merge(v.type(), 1L, Long::sum));
    doc.put("violationsByType", byType);
    doc.put(
        "firstViolations",
        report.violations().stream()
            .limit(maxViolations)
            .map(ReadAfterWriteReport::violation)
            .toList());
    return doc;
  }

  /** Every violation, for {@code --report}. */
  public static List<Map<String, Object>> violations(CheckReport report) {
    return report.violations().stream().map(ReadAfterWriteReport::violation).toList();
  }

  public static Map<String, Object> violation(Violation v) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", v.type().name());
    doc.put("key", v.read().key());
    doc.put("read", operation(v.read()));
    doc.put("saw", v.saw() == null ? "the initial absent state" : operation(v.saw()));
    if (v.supersededBy() != null) {
      doc.put("supersededBy", operation(v.supersededBy()));
    }
    return doc;
  }

  public static Map<String, Object> operation(Operation op) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", op.kind().name());
    doc.put("client", op.client());
    doc.put("endpoint", op.endpoint());
    doc.put("key", op.key());
    if (op.written() != null) {
      doc.put("value", op.written());
    }
    doc.put("startMs", millis(op.start()));
    doc.put("endMs", millis(op.end()));
    doc.put(
        "result",
        switch (op.result()) {
          case Result.Ok ok -> "ok";
          case Result.Found found -> "found " + found.value();
          case Result.NotFound notFound -> "not found";
          case Result.Failed failed -> "failed: " + failed.error();
        });
    return doc;
  }

  /** Per kind, of the operations that did not fail: median, 99th percentile and maximum. */
  static Map<String, Map<String, Double>> latencies(List<Operation> operations) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (Operation.Kind kind : Operation.Kind.values()) {
      long[] nanos =
          operations.stream()
              .filter(op -> op.kind() == kind && !op.failed())
              .mapToLong(op -> op.end() - op.start())
              .sorted()
              .toArray();
      if (nanos.length == 0) {
        continue;
      }
      Map<String, Double> stats = new LinkedHashMap<>();
      stats.put("p50", millis(nanos[(nanos.length - 1) / 2]));
      stats.put("p99", millis(nanos[(int) Math.ceil(nanos.length * 0.99) - 1]));
      stats.put("max", millis(nanos[nanos.length - 1]));
      out.put(kind.name().toLowerCase(java.util.Locale.ROOT), stats);
    }
    return out;
  }

  /** The most frequent error messages, most frequent first, with their counts. */
  static Map<String, Long> topErrors(List<Operation> operations) {
    Map<String, Long> counts =
        operations.stream()
            .filter(Operation::failed)
            .collect(
                Collectors.groupingBy(
                    op -> ((Result.Failed) op.result()).error(), Collectors.counting()));
    Map<String, Long> top = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(ERRORS_LISTED)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }

  /** Operations and failures per gateway: a killed node shows as the one failing. */
  static Map<String, Map<String, Long>> perEndpoint(List<Operation> operations) {
    Map<String, List<Operation>> by =
        operations.stream()
            .collect(Collectors.groupingBy(Operation::endpoint, TreeMap::new, Collectors.toList()));
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    by.forEach(
        (endpoint, ops) ->
            out.put(
                endpoint,
                ordered(
                    "operations",
                    (long) ops.size(),
                    "failed",
                    ops.stream().filter(Operation::failed).count())));
    return out;
  }

  private static Map<String, Long> ordered(String k1, long v1, String k2, long v2) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put(k1, v1);
    out.put(k2, v2);
    return out;
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
