package dev.remise.layout;

/**
 * A fully specified pseudo-random permutation source (SplitMix64), so that a layout computed for a
 * preview and again for the apply, possibly on different JVMs, is the same. The JDK's generators
 * are deterministic too, but their bounded-draw algorithms are implementation details.
 *
 * <p>Garage shuffles adjacency lists so that max-flow spreads partitions over node combinations
 * instead of filling nodes in index order; this is that shuffle.
 */
final class SeededShuffle {
  private long state;

  SeededShuffle(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Uniform in [0, bound): draws in the top {@code 2^64 mod bound} values would favour small ones.
   */
  int nextInt(int bound) {
    long excess = (Long.remainderUnsigned(-1L, bound) + 1) % bound;
    long r;
    do {
      r = nextLong();
    } while (excess != 0 && Long.compareUnsigned(r, -excess) >= 0);
    return (int) Long.remainderUnsigned(r, bound);
  }

  /** Fisher-Yates over {@code a[from, to)}. */
  void shuffle(int[] a, int from, int to) {
    for (int i = to - 1; i > from; i--) {
      int j = from + nextInt(i - from + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
