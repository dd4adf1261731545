package dev.remise.s3.api;

import dev.remise.s3.api.ListingPosition.AfterCommonPrefix;
import dev.remise.s3.api.ListingPosition.AfterKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes one page of ListObjectsV2 or ListObjects from a {@link KeySource}, with S3's semantics:
 *
 * <ul>
 *   <li>Only keys starting with {@code prefix} are listed. With a delimiter, a key that contains it
 *       after the prefix rolls up into the common prefix ending at its first occurrence; the page
 *       lists each common prefix once, and it counts toward {@code max-keys} like a key. The
 *       delimiter may be any string.
 *   <li>The listed entries (keys and common prefixes) are in {@link KeyOrder}, UTF-8 byte order,
 *       never Java string order. A common prefix sorts before every key under it and after every
 *       key before them, so rolling up keeps the order of the scan.
 *   <li>A page starts after a {@link ListingPosition}: the previous page's last entry, or a
 *       client's {@code start-after}/{@code marker}. A page after a common prefix starts at {@link
 *       KeyOrder#prefixEnd}, so a prefix is never listed twice and its keys are skipped with one
 *       seek, however many there are.
 * </ul>
 *
 * <p>The store is read in batches of the entries still wanted plus one, the extra key telling
 * whether the page is truncated. Keys of a common prefix already in the batch are stepped over in
 * memory; if the batch ends inside the prefix, the next read seeks past it.
 */
public final class ObjectListing {
  private ObjectListing() {}

  /**
   * A ListObjectsV2 page: starts after the continuation token if any, else after {@code
   * start-after}.
   */
  public static ListingPage listV2(KeySource source, ListObjectsV2Params params) {
    ListingPosition start;
    if (params.continuationToken() != null) {
      start = ListingPosition.fromContinuationToken(params.continuationToken());
    } else if (params.startAfter() != null) {
      start = ListingPosition.after(params.startAfter(), params.prefix(), params.delimiter());
    } else {
      start = null;
    }
    return list(source, params.prefix(), params.delimiter(), params.maxKeys(), start);
  }

  /** A ListObjects (V1) page: starts after {@code marker} if any. */
  public static ListingPage listV1(KeySource source, ListObjectsV1Params params) {
    ListingPosition start =
        params.marker() == null
            ? null
            : ListingPosition.after(params.marker(), params.prefix(), params.delimiter());
    return list(source, params.prefix(), params.delimiter(), params.maxKeys(), start);
  }

  /**
   * One page of the entries under {@code prefix}, rolled up at {@code delimiter}, after {@code
   * start}.
   *
   * @param delimiter {@code null} or empty for no roll-up
   * @param maxKeys the page size; 0 gives an empty, untruncated page
   * @param start {@code null} to start at the beginning of the prefix
   */
  public static ListingPage list(
      KeySource source, String prefix, String delimiter, int maxKeys, ListingPosition start) {
    List<ListedObject> contents = new ArrayList<>();
    List<String> commonPrefixes = new ArrayList<>();
    if (maxKeys <= 0) {
      return lastPage(contents, commonPrefixes);
    }
    String from =
        switch (start) {
          case null -> prefix;
          case AfterKey(String key) -> KeyOrder.successor(key);
          case AfterCommonPrefix(String skipped) -> KeyOrder.prefixEnd(skipped);
        };
    if (from == null) {
      // Nothing sorts after that prefix.
      return lastPage(contents, commonPrefixes);
    }
    if (KeyOrder.compare(from, prefix) < 0) {
      from = prefix;
    }

    ListingPosition last = null;
    while (true) {
      int wanted = maxKeys - contents.size() - commonPrefixes.size();
      int limit = wanted + 1;
      List<ListedObject> batch = source.range(from, prefix, limit);
      int i = 0;
      while (i < batch.size()) {
        ListedObject object = batch.get(i);
        if (KeyOrder.compare(object.key(), from) < 0 || !object.key().startsWith(prefix)) {
          // A source ignoring the range could keep this loop from ever ending: fail loudly instead.
          throw new IllegalStateException(
              "KeySource returned " + object.key() + " outside its range");
        }
        if (contents.size() + commonPrefixes.size() == maxKeys) {
          // The page is full and an entry remains: every key at or after `from` is a new entry.
          return new ListingPage(contents, commonPrefixes, true, last);
        }
        String commonPrefix = commonPrefix(object.key(), prefix, delimiter);
        if (commonPrefix == null) {
          contents.add(object);
          last = new AfterKey(object.key());
          from = KeyOrder.successor(object.key());
          i++;
          continue;
        }
        commonPrefixes.add(commonPrefix);
        last = new AfterCommonPrefix(commonPrefix);
        i++;
        while (i < batch.size() && batch.get(i).key().startsWith(commonPrefix)) {
          i++;
        }
        from = KeyOrder.prefixEnd(commonPrefix);
        if (from == null) {
          return lastPage(contents, commonPrefixes);
        }
      }
      if (batch.size() < limit) {
        // A short read: the source has no more.
        return lastPage(contents, commonPrefixes);
      }
    }
  }

  private static ListingPage lastPage(List<ListedObject> contents, List<String> commonPrefixes) {
    return new ListingPage(contents, commonPrefixes, false, null);
  }

  /**
   * The common prefix {@code key} rolls up into: the key up to and including the first occurrence
   * of {@code delimiter} after {@code prefix}; {@code null} when the key is listed itself (no
   * delimiter, the key is outside the prefix, or the delimiter does not occur after it).
   */
  static String commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter == null || delimiter.isEmpty() || !key.startsWith(prefix)) {
      return null;
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? null : key.substring(0, at + delimiter.length());
  }
}
