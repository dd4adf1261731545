package dev.remise.replication;

import dev.remise.core.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one write goes: a {@link WriteSet} per active layout version (garage-internals §2.3). The
 * write succeeds only with a quorum in <em>every</em> set, so that whichever version reads are
 * directed to, a read quorum there meets it.
 */
public record WriteSets(List<WriteSet> sets) {
  public WriteSets {
    sets = List.copyOf(sets);
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("a write goes to at least one set of nodes");
    }
  }

  public static WriteSets of(WriteSet... sets) {
    return new WriteSets(List.of(sets));
  }

  /** Every node of every set once, in the order of first appearance: where requests are sent. */
  public List<NodeId> nodes() {
    Set<NodeId> all = new LinkedHashSet<>();
    for (WriteSet set : sets) {
      all.addAll(set.nodes());
    }
    return new ArrayList<>(all);
  }
}
