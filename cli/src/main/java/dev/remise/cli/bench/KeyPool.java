package dev.remise.cli.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The objects that exist, shared by the workers, so that a mixed load never reads what it deleted:
 * GET and HEAD {@link #acquire} a key (counted as read) and {@link #release} it when done; DELETE
 * {@link #takeForDelete takes} a key no one is reading and removes it from the pool before the
 * request, so no read starts on it afterwards; PUT {@link #add adds} its key once acknowledged.
 * Every call holds the pool's lock for a few list operations, nothing next to an S3 request.
 */
public final class KeyPool {
  private final ArrayList<String> keys = new ArrayList<>();
  private final Map<String, Integer> readers = new HashMap<>();

  public synchronized void add(String key) {
    keys.add(key);
  }

  public synchronized int size() {
    return keys.size();
  }

  /** A key drawn uniformly, marked as read until {@link #release}; null when the pool is empty. */
  public synchronized String acquire(SplittableRandom random) {
    if (keys.isEmpty()) {
      return null;
    }
    String key = keys.get(random.nextInt(keys.size()));
    readers.merge(key, 1, Integer::sum);
    return key;
  }

  public synchronized void release(String key) {
    readers.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
  }

  /**
   * Removes and returns a key no one reads, drawn at random; null when every key is being read or
   * the pool is empty.
   */
  public synchronized String takeForDelete(SplittableRandom random) {
    int n = keys.size();
    if (n == 0) {
      return null;
    }
    int start = random.nextInt(n);
    for (int i = 0; i < n; i++) {
      int at = (start + i) % n;
      String key = keys.get(at);
      if (!readers.containsKey(key)) {
        String last = keys.removeLast();
        if (at < keys.size()) {
          keys.set(at, last);
        }
        return key;
      }
    }
    return null;
  }

  /** Empties the pool, returning its keys (for the clean-up after a run). */
  public synchronized List<String> drain() {
    List<String> all = List.copyOf(keys);
    keys.clear();
    readers.clear();
    return all;
  }
}
