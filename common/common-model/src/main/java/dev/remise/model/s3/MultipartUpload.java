package dev.remise.model.s3;

import dev.remise.core.Uuid;
import java.util.Collections;
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
   * ETag (hex MD5), size and checksum. Known values win over unknown ones, which makes "finished"
   * monotonic.
   */
  public record Part(Uuid version, String etag, Long size, ObjectVersion.Checksum checksum) {
    public Part merge(Part o) {
      return new Part(
          version.compareTo(o.version) >= 0 ? version : o.version,
          etag != null ? (o.etag != null && o.etag.compareTo(etag) > 0 ? o.etag : etag) : o.etag,
          size != null ? (o.size != null ? Math.max(size, o.size) : size) : o.size,
          checksum != null ? checksum : o.checksum);
    }

    public boolean isComplete() {
      return etag != null && size != null;
    }
  }
}
