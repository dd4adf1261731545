package dev.remise.s3.api;

import java.util.Objects;

/**
 * The query parameters of ListObjectsV2 ({@code GET /bucket?list-type=2}), validated.
 *
 * @param prefix only keys starting with it are listed; {@code ""} for all
 * @param delimiter keys containing it after the prefix roll up into common prefixes; {@code null}
 *     for none
 * @param maxKeys page size counting keys and common prefixes, 0 to 1000
 * @param startAfter list only entries after this key; {@code null} for none; ignored with a
 *     continuation token
 * @param continuationToken the {@code NextContinuationToken} of the previous page, as the client
 *     sent it; {@code null} on the first page
 * @param urlEncoding {@code encoding-type=url}: keys and prefixes in the response are
 *     percent-encoded, which is how a client receives keys holding characters XML 1.0 cannot carry
 * @param fetchOwner {@code fetch-owner=true}: each listed object names its owner
 */
public record ListObjectsV2Params(
    String prefix,
    String delimiter,
    int maxKeys,
    String startAfter,
    String continuationToken,
    boolean urlEncoding,
    boolean fetchOwner) {

  public ListObjectsV2Params {
    Objects.requireNonNull(prefix, "prefix");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    if (maxKeys < 0 || maxKeys > QueryParameters.MAX_KEYS) {
      throw new IllegalArgumentException("maxKeys out of range: " + maxKeys);
    }
  }

  /** A first page of everything, as a request without parameters asks. */
  public static ListObjectsV2Params defaults() {
    return new ListObjectsV2Params("", null, QueryParameters.MAX_KEYS, null, null, false, false);
  }

  static ListObjectsV2Params fromQuery(QueryParameters query) {
    if (!"2".equals(query.single("list-type"))) {
      throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid List Type specified in Request");
    }
    String prefix = query.single("prefix");
    return new ListObjectsV2Params(
        prefix == null ? "" : prefix,
        query.single("delimiter"),
        query.maxKeys(),
        query.single("start-after"),
        query.single("continuation-token"),
        query.urlEncoding(),
        query.flag("fetch-owner"));
  }
}
