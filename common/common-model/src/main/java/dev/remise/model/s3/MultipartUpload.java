package dev.remise.model.s3;

import dev.remise.core.Uuid;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An in-progress multipart upload (Garage's multipart_upload table, P = upload id). Every attempt
 * at a part is a new entry keyed by (part number, timestamp), so a retried part never overwrites
 * bytes another attempt is still writing; completion picks, per part number, the attempt whose ETag
 * the client lists. Deletion is final and forgets the parts, and the {@code updated} hook turns
 * each forgotten part into a deleted version.
 */
public record MultipartUpload(
    Uuid uploadId,
    long timestamp,
    boolean deleted,
    NavigableMap<PartKey, Part> parts,
    Uuid bucketId,
    String key) {

  public MultipartUpload {
    parts = Collections.unmodifiableNavigableMap(new TreeMap<>(deleted ? Map.of() : parts));
  }

  public static MultipartUpload create(Uuid uploadId, long timestamp, Uuid bucketId, String key) {
    return new MultipartUpload(uploadId, timestamp, false, new TreeMap<>(), bucketId, key);
  }

  public MultipartUpload withPart(PartKey key, Part part) {
    TreeMap<PartKey, Part> next = new TreeMap<>(parts);
    next.merge(key, part, Part::merge);
    return new MultipartUpload(uploadId, timestamp, deleted, next, bucketId, this.key);
  }

  public MultipartUpload asDeleted() {
    return new MultipartUpload(uploadId, timestamp, true, new TreeMap<>(), bucketId, key);
  }

  public MultipartUpload merge(MultipartUpload o) {
    if (deleted || o.deleted) {
      return asDeleted();
    }
    TreeMap<PartKey, Part> union = new TreeMap<>(parts);
    o.parts.forEach((k, v) -> union.merge(k, v, Part::merge));
    return new MultipartUpload(
        uploadId, Math.min(timestamp, o.timestamp), false, union, bucketId, key);
  }

  /** Ordered by part number, then by attempt time. */
  public record PartKey(int partNumber, long timestamp) implements Comparable<PartKey> {
    @Override
    public int compareTo(PartKey o) {
      int c = Integer.compare(partNumber, o.partNumber);
      return c != 0 ? c : Long.compare(timestamp, o.timestamp);
    }
  }

  /**
   * One attempt at a part: its version (where the blocks are listed), and once fully received its
   * ETag (hex MD5), size and checksum. Two states of one attempt join to the finished one; two
   * different attempts that landed on the same key (same part number and millisecond) join to one
   * of them, chosen whole by a fixed order, so an ETag is never paired with another attempt's
   * blocks and every replica picks the same.
   */
  public record Part(Uuid version, String etag, Long size, ObjectVersion.Checksum checksum) {
    private static final Comparator<Part> ORDER =
        Comparator.comparing(Part::isComplete)
            .thenComparing(Part::version)
            .thenComparing(Part::etag, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Part::size, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(
                p ->
                    p.checksum() == null
                        ? null
                        : p.checksum().algorithm() + ":" + p.checksum().value(),
                Comparator.nullsFirst(Comparator.<String>naturalOrder()));

    public Part merge(Part o) {
      return ORDER.compare(this, o) >= 0 ? this : o;
    }

    public boolean isComplete() {
      return etag != null && size != null;
    }
  }
}
