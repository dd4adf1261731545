package dev.remise.s3.api;

import java.util.List;

/**
 * One page of a bucket listing.
 *
 * @param contents the keys listed, in {@link KeyOrder}
 * @param commonPrefixes the common prefixes listed, in {@link KeyOrder}; each appears in one page
 *     only
 * @param truncated whether entries remain after this page
 * @param next where the following page starts, present exactly when {@code truncated}
 */
public record ListingPage(
    List<ListedObject> contents,
    List<String> commonPrefixes,
    boolean truncated,
    ListingPosition next) {

  public ListingPage {
    contents = List.copyOf(contents);
    commonPrefixes = List.copyOf(commonPrefixes);
    if (truncated != (next != null)) {
      throw new IllegalArgumentException("a page has a next position exactly when it is truncated");
    }
  }

  /** Keys plus common prefixes: V2's {@code KeyCount}, at most the page size. */
  public int keyCount() {
    return contents.size() + commonPrefixes.size();
  }

  /** V2's {@code NextContinuationToken}, or {@code null} on the last page. */
  public String nextContinuationToken() {
    return next == null ? null : next.toContinuationToken();
  }

  /**
   * V1's {@code NextMarker}: the last key or common prefix of this page, or {@code null} on the
   * last page.
   */
  public String nextMarker() {
    return next == null ? null : next.entry();
  }
}
