package dev.remise.cli.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Integer weights of the operation kinds; each operation draws its kind with probability weight /
 * total. A single operation is a mix of one kind ({@code put=1}). The default mixed load is {@code
 * warp mixed}'s: 45% GET, 15% PUT, 30% STAT (HEAD), 10% DELETE.
 */
public final class Mix {
  public static final Mix WARP = parse("get=45,put=15,head=30,delete=10");

  private final EnumMap<OpKind, Integer> weights;
  private final int total;

  private Mix(EnumMap<OpKind, Integer> weights) {
    this.weights = weights;
    this.total = weights.values().stream().mapToInt(Integer::intValue).sum();
    if (total <= 0) {
      throw new IllegalArgumentException("a mix needs at least one positive weight");
    }
  }

  /** Every operation of one kind. */
  public static Mix only(OpKind kind) {
    EnumMap<OpKind, Integer> w = new EnumMap<>(OpKind.class);
    w.put(kind, 1);
    return new Mix(w);
  }

  /**
   * Parses {@code kind=weight} pairs separated by commas, e.g. {@code get=45,put=15,head=30,
   * delete=10}; kinds are put, get, head (or stat), list and delete, weights whole numbers (they
   * need not add up to 100).
   */
  public static Mix parse(String text) {
    EnumMap<OpKind, Integer> w = new EnumMap<>(OpKind.class);
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "'" + p + "' in the mix: write kind=weight, e.g. get=45,put=15,head=30,delete=10");
      }
      OpKind kind = kind(p.substring(0, eq).trim());
      int weight;
      try {
        weight = Integer.parseInt(p.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + p + "' in the mix: the weight is a whole number");
      }
      if (weight < 0) {
        throw new IllegalArgumentException("'" + p + "' in the mix: negative weight");
      }
      if (w.containsKey(kind)) {
        throw new IllegalArgumentException("the mix names " + kind + " twice");
      }
      if (weight > 0) {
        w.put(kind, weight);
      }
    }
    return new Mix(w);
  }

  private static OpKind kind(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("stat")) {
      return OpKind.HEAD;
    }
    for (OpKind k : OpKind.values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(n)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "'" + name + "' in the mix: kinds are put, get, head (or stat), list, delete");
  }

  /** The sum of the weights: draw a number in [0, total) and pass it to {@link #choose}. */
  public int total() {
    return total;
  }

  /** The kind whose share of [0, total) holds {@code draw}, in the order of {@link OpKind}. */
  public OpKind choose(int draw) {
    if (draw < 0 || draw >= total) {
      throw new IllegalArgumentException("draw " + draw + " not in [0, " + total + ")");
    }
    int upTo = 0;
    for (Map.Entry<OpKind, Integer> e : weights.entrySet()) {
      upTo += e.getValue();
      if (draw < upTo) {
        return e.getKey();
      }
    }
    throw new AssertionError("weights add up to " + total);
  }

  public int weight(OpKind kind) {
    return weights.getOrDefault(kind, 0);
  }

  /** The kinds with a positive weight, in the order of {@link OpKind}. */
  public List<OpKind> kinds() {
    return new ArrayList<>(weights.keySet());
  }

  /** Whether some operation needs objects prepared before the run (all but PUT do). */
  public boolean readsObjects() {
    return weights.keySet().stream().anyMatch(OpKind::readsObjects);
  }

  /** Percent of operations per kind, e.g. {@code GET=45.0}. */
  public Map<String, Double> percentages() {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    weights.forEach((k, v) -> out.put(k.name(), 100.0 * v / total));
    return out;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",");
    weights.forEach((k, v) -> j.add(k.name().toLowerCase(Locale.ROOT) + "=" + v));
    return j.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mix m && m.weights.equals(weights);
  }

  @Override
  public int hashCode() {
    return weights.hashCode();
  }
}
