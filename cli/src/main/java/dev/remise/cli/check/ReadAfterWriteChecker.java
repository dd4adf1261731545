package dev.remise.cli.check;

import dev.remise.cli.check.Operation.Kind;
import dev.remise.cli.check.Operation.Result;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every read in a history that missed a write acknowledged before the read began.
 *
 * <p>The rule, per key: a {@code GET} that started at {@code s} and returned the effect of write
 * {@code W1} (the {@code PUT} of the value it read; for a not-found, a {@code DELETE} or the
 * initial absent state) is a violation if some write {@code W2} on the key was acknowledged before
 * {@code s} ({@code W2.end < s}) and started after {@code W1} was acknowledged ({@code W1.end <
 * W2.start}): in real time, {@code W2} replaced {@code W1} before the read began, so every
 * linearizable store, and every store that promises read-after-write, must return {@code W2} or
 * later. The rule never accuses a correct store: in any linearization {@code W1 < W2 < read}, so
 * the read cannot see {@code W1}. It is weaker than full linearizability (it does not relate reads
 * to each other), which is the point: it tests the one promise a client relies on.
 *
 * <p>A write that failed or timed out may still take effect, at any time after its start: its
 * {@code end} counts as +infinity, so it supersedes nothing and reading its value is always
 * allowed. The initial state is absent, written at -infinity. A not-found is explained by whichever
 * {@code DELETE} that started by the time the read ended (or the initial state) was acknowledged
 * last; it is a violation only if even that one was superseded. Reading a value no {@code PUT} on
 * the key wrote is corruption; reading one whose {@code PUT} started after the read ended is
 * impossible in real time. Both are violations too.
 *
 * <p>Cost: each key's writes are sorted once by end (with the running latest start) and its deletes
 * by start (with the running latest end), so each read is two binary searches: O(n log n) for the
 * whole history.
 */
public final class ReadAfterWriteChecker {
  /** The end of a write with an unknown outcome: it may take effect at any later time. */
  static final long NEVER = Long.MAX_VALUE;

  /** The end of the initial absent state. */
  static final long INITIAL = Long.MIN_VALUE;

  private ReadAfterWriteChecker() {}

  /**
   * @throws IllegalArgumentException if two {@code PUT}s wrote the same value: a read could not
   *     tell which one it saw
   */
  public static CheckReport check(Collection<Operation> history) {
    long gets = 0;
    long puts = 0;
    long deletes = 0;
    long failedGets = 0;
    long failedPuts = 0;
    long failedDeletes = 0;
    long notFound = 0;
    Map<String, List<Operation>> byKey = new HashMap<>();
    Map<String, Operation> putOfValue = new HashMap<>();
    for (Operation op : history) {
      switch (op.kind()) {
        case GET -> {
          gets++;
          failedGets += op.failed() ? 1 : 0;
          notFound += op.result() instanceof Result.NotFound ? 1 : 0;
        }
        case PUT -> {
          puts++;
          failedPuts += op.failed() ? 1 : 0;
          Operation before = putOfValue.putIfAbsent(op.written(), op);
          if (before != null) {
            throw new IllegalArgumentException(
                "the value " + op.written() + " was written twice, so reads of it are ambiguous");
          }
        }
        case DELETE -> {
          deletes++;
          failedDeletes += op.failed() ? 1 : 0;
        }
      }
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    List<Violation> violations = new ArrayList<>();
    byKey.values().forEach(ops -> new KeyHistory(ops).check(putOfValue, violations));
    violations.sort(
        Comparator.comparingLong((Violation v) -> v.read().start())
            .thenComparingLong(v -> v.read().end())
            .thenComparingInt(v -> v.read().client()));
    return new CheckReport(
        history.size(),
        gets,
        puts,
        deletes,
        failedGets,
        failedPuts,
        failedDeletes,
        notFound,
        violations);
  }

  /** {@code end}, or {@link #NEVER} for a write that was not acknowledged. */
  static long effectiveEnd(Operation write) {
    return write.acknowledged() ? write.end() : NEVER;
  }

  /** The operations on one key, indexed for the two questions a read asks. */
  private static final class KeyHistory {
    private final List<Operation> reads = new ArrayList<>();

    /** Acknowledged writes by end, and for each prefix the one that started last. */
    private final long[] ackedEnds;

    private final Operation[] latestStartedUpTo;

    /** Deletes by start, and for each prefix the one with the latest effective end. */
    private final long[] deleteStarts;

    private final Operation[] latestEndedDeleteUpTo;

    KeyHistory(List<Operation> ops) {
      List<Operation> acked = new ArrayList<>();
      List<Operation> deletes = new ArrayList<>();
      for (Operation op : ops) {
        if (op.kind() == Kind.GET) {
          reads.add(op);
        } else {
          if (op.acknowledged()) {
            acked.add(op);
          }
          if (op.kind() == Kind.DELETE) {
            deletes.add(op);
          }
        }
      }
      acked.sort(Comparator.comparingLong(Operation::end));
      ackedEnds = new long[acked.size()];
      latestStartedUpTo = new Operation[acked.size()];
      for (int i = 0; i < acked.size(); i++) {
        Operation w = acked.get(i);
        ackedEnds[i] = w.end();
        latestStartedUpTo[i] =
            i > 0 && latestStartedUpTo[i - 1].start() >= w.start() ? latestStartedUpTo[i - 1] : w;
      }
      deletes.sort(Comparator.comparingLong(Operation::start));
      deleteStarts = new long[deletes.size()];
      latestEndedDeleteUpTo = new Operation[deletes.size()];
      for (int i = 0; i < deletes.size(); i++) {
        Operation d = deletes.get(i);
        deleteStarts[i] = d.start();
        latestEndedDeleteUpTo[i] =
            i > 0 && effectiveEnd(latestEndedDeleteUpTo[i - 1]) >= effectiveEnd(d)
                ? latestEndedDeleteUpTo[i - 1]
                : d;
      }
    }

    void check(Map<String, Operation> putOfValue, List<Violation> out) {
      for (Operation read : reads) {
        switch (read.result()) {
          case Result.Failed failed -> {}
          case Result.Ok ok -> throw new IllegalStateException("a GET is never just Ok");
          case Result.Found found -> {
            Operation put = putOfValue.get(found.value());
            if (put == null || !put.key().equals(read.key())) {
              out.add(new Violation(Violation.Type.UNKNOWN_VALUE, read, put, null));
            } else if (put.start() > read.end()) {
              out.add(new Violation(Violation.Type.READ_BEFORE_WRITE, read, put, null));
            } else {
              checkSuperseded(read, put, effectiveEnd(put), out);
            }
          }
          case Result.NotFound notFound -> {
            // A delete that started as the read ended may still have been applied just before it.
            int i = lastBelow(deleteStarts, read.end() + 1);
            Operation delete = i < 0 ? null : latestEndedDeleteUpTo[i];
            checkSuperseded(read, delete, delete == null ? INITIAL : effectiveEnd(delete), out);
          }
        }
      }
    }

    /** Whether a write acknowledged before {@code read} began started after {@code sawEnd}. */
    private void checkSuperseded(Operation read, Operation saw, long sawEnd, List<Violation> out) {
      int j = lastBelow(ackedEnds, read.start());
      if (j >= 0 && latestStartedUpTo[j].start() > sawEnd) {
        out.add(new Violation(Violation.Type.STALE_READ, read, saw, latestStartedUpTo[j]));
      }
    }
  }

  /** The last index of {@code sorted} whose value is below {@code bound}, or -1. */
  static int lastBelow(long[] sorted, long bound) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }
}
