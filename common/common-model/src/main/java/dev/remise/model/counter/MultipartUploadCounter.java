package dev.remise.model.counter;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.table.CounterValues;
import dev.remise.table.IndexCounter;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Garage's multipart upload counter, into {@link CounterTable#BUCKET_MPU_COUNTER}: an upload entry
 * counts one upload unless it is deleted (completed or aborted), its distinct part numbers as
 * parts, and the sizes of its finished part attempts as bytes.
 *
 * <p>One divergence from Garage, which keys this counter by bucket alone: the counter is keyed by
 * bucket (P) <em>and</em> the ring partition of the upload id (S = two hex digits). Upload entries
 * are placed by their upload id, not their bucket, so the uploads of one bucket are spread over
 * every partition and each node counts only those of the partitions it stores; the maximum over
 * nodes that a counter is read with ({@link CounterEntry#values}) is then only right per partition,
 * read through that partition's storage nodes, and a bucket's count is the sum over its partitions
 * (see {@link #partitionOf}). Garage's single key undercounts as soon as a cluster has more
 * metadata nodes than copies.
 */
public final class MultipartUploadCounter implements IndexCounter<MultipartUpload, CounterEntry> {
  public static final MultipartUploadCounter INSTANCE = new MultipartUploadCounter();

  public static final String UPLOADS = "uploads";
  public static final String PARTS = "parts";
  public static final String BYTES = "bytes";

  private static final HexFormat HEX = HexFormat.of();

  private MultipartUploadCounter() {}

  @Override
  public TableSchema<CounterEntry> counterTable() {
    return CounterTable.BUCKET_MPU_COUNTER;
  }

  @Override
  public Hash counterPartition(MultipartUpload entry) {
    return entry.bucketId().asHash();
  }

  @Override
  public byte[] counterSortKey(MultipartUpload entry) {
    return sortKey(entry).getBytes(StandardCharsets.US_ASCII);
  }

  private static String sortKey(MultipartUpload entry) {
    return HEX.toHexDigits((byte) entry.uploadId().asHash().partition().index());
  }

  /**
   * The ring partition of the upload entries a counter entry of this table counts; empty for a sort
   * key this counter never writes (two lower-case hex digits).
   */
  public static OptionalInt partitionOf(CounterEntry entry) {
    String s = entry.sortKey();
    if (s.length() != 2
        || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(HEX.fromHexDigits(s));
  }

  @Override
  public Map<String, Long> counts(MultipartUpload entry) {
    long uploads = entry.deleted() ? 0 : 1;
    long parts =
        entry.parts().keySet().stream()
            .mapToInt(MultipartUpload.PartKey::partNumber)
            .distinct()
            .count();
    long bytes =
        entry.parts().values().stream().mapToLong(p -> p.size() == null ? 0 : p.size()).sum();
    return Map.of(UPLOADS, uploads, PARTS, parts, BYTES, bytes);
  }

  @Override
  public CounterEntry nodeTotals(MultipartUpload entry, NodeId node, CounterValues totals) {
    return CounterEntry.of(entry.bucketId(), sortKey(entry), node, totals);
  }
}
