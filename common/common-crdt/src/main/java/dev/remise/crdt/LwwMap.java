package dev.remise.crdt;

import java.time.InstantSource;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * A map whose every key is an independent {@link Lww} register; removal is an update to a tombstone
 * value chosen by the caller (e.g. a permission with every flag off), so a removal is never undone
 * by an older write. Iteration is in key order, which keeps the encoding deterministic.
 */
public record LwwMap<K, V>(NavigableMap<K, Lww<V>> entries) {

  public LwwMap {
    entries = Collections.unmodifiableNavigableMap(new TreeMap<>(entries));
  }

  public static <K extends Comparable<K>, V> LwwMap<K, V> empty() {
    return new LwwMap<>(new TreeMap<>());
  }

  public static <K, V> LwwMap<K, V> empty(Comparator<K> order) {
    return new LwwMap<>(new TreeMap<>(order));
  }

  public Optional<V> get(K key) {
    Lww<V> v = entries.get(key);
    return v == null ? Optional.empty() : Optional.of(v.value());
  }

  /** Sets {@code key} to {@code value} with a timestamp past the current one for that key. */
  public LwwMap<K, V> put(K key, V value, InstantSource clock) {
    TreeMap<K, Lww<V>> next = new TreeMap<>(entries);
    Lww<V> old = entries.get(key);
    next.put(key, old == null ? Lww.of(value, clock) : old.update(value, clock));
    return new LwwMap<>(next);
  }

  public LwwMap<K, V> merge(LwwMap<K, V> other, BinaryOperator<V> tieBreak) {
    TreeMap<K, Lww<V>> next = new TreeMap<>(entries);
    for (Map.Entry<K, Lww<V>> e : other.entries.entrySet()) {
      next.merge(e.getKey(), e.getValue(), (a, b) -> a.merge(b, tieBreak));
    }
    return new LwwMap<>(next);
  }
}
