package dev.remise.s3.api;

import java.util.Objects;

/**
 * The query parameters of ListObjects, the original listing ({@code GET /bucket}), validated.
 *
 * @param prefix only keys starting with it are listed; {@code ""} for all
 * @param delimiter keys containing it after the prefix roll up into common prefixes; {@code null}
 *     for none
 * @param maxKeys page size counting keys and common prefixes, 0 to 1000
 * @param marker list only entries after this one: the previous page's {@code NextMarker} or last
 *     key; {@code null} on the first page
 * @param urlEncoding {@code encoding-type=url}: keys and prefixes in the response are
 *     percent-encoded
 */
public record ListObjectsV1Params(
    String prefix, String delimiter, int maxKeys, String marker, boolean urlEncoding) {

  public ListObjectsV1Params {
    Objects.requireNonNull(prefix, "prefix");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    if (maxKeys < 0 || maxKeys > QueryParameters.MAX_KEYS) {
      throw new IllegalArgumentException("maxKeys out of range: " + maxKeys);
    }
  }

  /** A first page of everything, as a request without parameters asks. */
  public static ListObjectsV1Params defaults() {
    return new ListObjectsV1Params("", null, QueryParameters.MAX_KEYS, null, false);
  }

  static ListObjectsV1Params fromQuery(QueryParameters query) {
    String prefix = query.single("prefix");
    return new ListObjectsV1Params(
        prefix == null ? "" : prefix,
        query.single("delimiter"),
        query.maxKeys(),
        query.single("marker"),
        query.urlEncoding());
  }
}
