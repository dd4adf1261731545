package dev.remise.admin.access;

/**
 * The counters GetBucketInfo shows: objects with data and their bytes, uploads in progress (single
 * and multipart), and the multipart uploads with their parts and bytes. Each is read from the
 * counter tables the metadata nodes keep (see {@link AdminTables#counters}), so it lags the writes
 * by as long as the insert queues take to deliver, and is never a consensus value.
 */
public record BucketCounters(
    long objects,
    long bytes,
    long unfinishedUploads,
    long unfinishedMultipartUploads,
    long unfinishedMultipartUploadParts,
    long unfinishedMultipartUploadBytes) {

  public static final BucketCounters ZERO = new BucketCounters(0, 0, 0, 0, 0, 0);
}
