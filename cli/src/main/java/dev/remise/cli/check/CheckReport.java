package dev.remise.cli.check;

import java.util.List;

/**
 * What {@link ReadAfterWriteChecker} found in a history: how many operations of each kind, how many
 * failed (timeouts and errors, whose writes have an unknown outcome), and every violation, in the
 * order the reads started.
 *
 * @param notFoundGets reads answered {@code NoSuchKey}, a subset of {@code gets}
 */
public record CheckReport(
    long operations,
    long gets,
    long puts,
    long deletes,
    long failedGets,
    long failedPuts,
    long failedDeletes,
    long notFoundGets,
    List<Violation> violations) {

  public CheckReport {
    violations = List.copyOf(violations);
  }

  public long failed() {
    return failedGets + failedPuts + failedDeletes;
  }

  public boolean ok() {
    return violations.isEmpty();
  }
}
