package dev.remise.table;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One node's totals for one counter, by name, and the stamp that orders them (milliseconds, made
 * strictly increasing per node and counter by {@code max(previous + 1, now)}), as an {@link
 * IndexCounter} keeps them locally and publishes them.
 */
public record CounterValues(long timestamp, SortedMap<String, Long> values) {

  public CounterValues {
    values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
  }

  public static CounterValues of(long timestamp, Map<String, Long> values) {
    return new CounterValues(timestamp, new TreeMap<>(values));
  }

  /** The value of {@code name}; 0 if this node never counted anything under it. */
  public long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  /** Written as the stamp, then the values in name order (count, then name and value each). */
  public void write(EntryWriter w) {
    w.i64(timestamp);
    w.list(values.entrySet(), (vw, e) -> vw.string(e.getKey()).i64(e.getValue()));
  }

  public static CounterValues read(EntryReader r) {
    long timestamp = r.i64();
    TreeMap<String, Long> values = new TreeMap<>();
    int n = r.count();
    for (int i = 0; i < n; i++) {
      String name = r.string();
      if (values.put(name, r.i64()) != null) {
        throw new MalformedEntryException("counter value " + name + " appears twice");
      }
    }
    return new CounterValues(timestamp, values);
  }
}
