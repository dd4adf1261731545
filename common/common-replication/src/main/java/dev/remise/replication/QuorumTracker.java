package dev.remise.replication;

import dev.remise.core.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the answers to a write sent to every node of several {@link WriteSets}, Garage's {@code
 * QuorumSetResultTracker}: the write is {@link Outcome#REACHED} once every set has its quorum of
 * successes, and {@link Outcome#FAILED} as soon as one set has lost so many nodes that its quorum
 * can no longer be met, so callers answer without waiting for slow or dead nodes either way. A node
 * in several sets counts in each. Thread-safe: answers arrive from many threads.
 */
public final class QuorumTracker {
  /** Where the write stands after an answer. */
  public enum Outcome {
    PENDING,
    REACHED,
    FAILED
  }

  private final WriteSets sets;
  private final int[] successes;
  private final int[] failures;
  private final Map<NodeId, Boolean> answered = new HashMap<>();
  private final List<Throwable> errors = new ArrayList<>();

  public QuorumTracker(WriteSets sets) {
    this.sets = sets;
    this.successes = new int[sets.sets().size()];
    this.failures = new int[sets.sets().size()];
  }

  public synchronized Outcome success(NodeId node) {
    return answer(node, true, null);
  }

  public synchronized Outcome failure(NodeId node, Throwable error) {
    return answer(node, false, error);
  }

  public synchronized Outcome outcome() {
    boolean allReached = true;
    for (int i = 0; i < successes.length; i++) {
      WriteSet set = sets.sets().get(i);
      if (failures[i] + set.quorum() > set.nodes().size()) {
        return Outcome.FAILED;
      }
      if (successes[i] < set.quorum()) {
        allReached = false;
      }
    }
    return allReached ? Outcome.REACHED : Outcome.PENDING;
  }

  /** The failures seen so far, for the error message of a failed write. */
  public synchronized List<Throwable> errors() {
    return List.copyOf(errors);
  }

  private Outcome answer(NodeId node, boolean ok, Throwable error) {
    // A node answers once; a duplicate (a retried call) must not count twice.
    if (answered.putIfAbsent(node, ok) == null) {
      for (int i = 0; i < successes.length; i++) {
        if (sets.sets().get(i).nodes().contains(node)) {
          if (ok) {
            successes[i]++;
          } else {
            failures[i]++;
          }
        }
      }
      if (error != null) {
        errors.add(error);
      }
    }
    return outcome();
  }
}
