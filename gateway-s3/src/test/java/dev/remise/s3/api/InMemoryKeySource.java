package dev.remise.s3.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * A {@link KeySource} over a sorted map, counting reads so tests can check how a listing used the
 * store.
 */
final class InMemoryKeySource implements KeySource {
  private final TreeMap<String, ListedObject> objects = new TreeMap<>(KeyOrder.UTF8);
  int calls;
  int objectsRead;

  InMemoryKeySource(Collection<String> keys) {
    for (String key : keys) {
      objects.put(key, object(key));
    }
  }

  static ListedObject object(String key) {
    return new ListedObject(
        key, key.length(), "etag-" + key.hashCode(), Instant.parse("2024-01-02T03:04:05.678Z"));
  }

  @Override
  public List<ListedObject> range(String startInclusive, String prefix, int limit) {
    calls++;
    String from =
        startInclusive == null || KeyOrder.compare(startInclusive, prefix) < 0
            ? prefix
            : startInclusive;
    List<ListedObject> out = new ArrayList<>();
    for (ListedObject object : objects.tailMap(from, true).values()) {
      if (out.size() == limit || !object.key().startsWith(prefix)) {
        break;
      }
      out.add(object);
    }
    objectsRead += out.size();
    return out;
  }
}
