package dev.remise.s3.api;

import java.util.List;

/**
 * The objects of one bucket, read in key order: the one read a listing needs from the metadata
 * store. Keys are ordered by {@link KeyOrder} (UTF-8 bytes), which is also the store's order, so a
 * range read is a seek and a scan.
 */
@FunctionalInterface
public interface KeySource {
  /**
   * Reads up to {@code limit} objects whose key starts with {@code prefix} and is at or after
   * {@code startInclusive}, in {@link KeyOrder}. Fewer than {@code limit} means there are no more.
   *
   * @param startInclusive where to start, {@code null} for the start of the prefix; may lie before
   *     or after the prefix
   * @param prefix the key prefix, {@code ""} for the whole bucket
   * @param limit at least 1
   */
  List<ListedObject> range(String startInclusive, String prefix, int limit);
}
