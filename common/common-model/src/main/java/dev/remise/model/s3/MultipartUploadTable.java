package dev.remise.model.s3;

import dev.remise.core.Hash;
import dev.remise.model.counter.MultipartUploadCounter;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.IndexCounter;
import dev.remise.table.InsertQueue;
import dev.remise.table.TableSchema;
import java.util.List;
import java.util.TreeMap;

/** Schema of the multipart_upload table (metadata nodes). */
public final class MultipartUploadTable implements TableSchema<MultipartUpload> {
  public static final MultipartUploadTable INSTANCE = new MultipartUploadTable();

  @Override
  public String tableName() {
    return "multipart_upload";
  }

  @Override
  public String versionMarker() {
    return "R1mpu";
  }

  @Override
  public Hash partitionHash(MultipartUpload e) {
    return e.uploadId().asHash();
  }

  @Override
  public byte[] sortKey(MultipartUpload e) {
    return new byte[0];
  }

  @Override
  public MultipartUpload merge(MultipartUpload a, MultipartUpload b) {
    return a.merge(b);
  }

  /** Garage's {@code CountedItem}: see {@link MultipartUploadCounter}. */
  @Override
  public List<IndexCounter<MultipartUpload, ?>> counters() {
    return List.of(MultipartUploadCounter.INSTANCE);
  }

  @Override
  public boolean isTombstone(MultipartUpload e) {
    return e.deleted();
  }

  /**
   * Deletion cascade: an upload that ends (completed or aborted) drops the versions of all its part
   * attempts.
   */
  @Override
  public void updated(MultipartUpload old, MultipartUpload updated, InsertQueue queue) {
    if (old == null || old.deleted() || !updated.deleted()) {
      return;
    }
    for (MultipartUpload.Part p : old.parts().values()) {
      queue.queueInsert(
          VersionTable.INSTANCE,
          Version.deleted(p.version(), new Version.Backlink.MultipartUpload(old.uploadId())));
    }
  }

  @Override
  public void write(MultipartUpload e, EntryWriter w) {
    w.uuid(e.uploadId()).i64(e.timestamp()).bool(e.deleted()).uuid(e.bucketId()).string(e.key());
    w.list(
        e.parts().entrySet(),
        (pw, p) -> {
          pw.i32(p.getKey().partNumber()).i64(p.getKey().timestamp());
          MultipartUpload.Part part = p.getValue();
          pw.uuid(part.version());
          pw.optional(part.etag(), EntryWriter::string);
          pw.optional(part.size(), EntryWriter::i64);
          pw.optional(part.checksum(), (cw, c) -> cw.string(c.algorithm()).string(c.value()));
        });
  }

  @Override
  public MultipartUpload read(EntryReader r) {
    var uploadId = r.uuid();
    long ts = r.i64();
    boolean deleted = r.bool();
    var bucketId = r.uuid();
    String key = r.string();
    TreeMap<MultipartUpload.PartKey, MultipartUpload.Part> parts = new TreeMap<>();
    int n = r.count();
    for (int i = 0; i < n; i++) {
      var pk = new MultipartUpload.PartKey(r.i32(), r.i64());
      parts.put(
          pk,
          new MultipartUpload.Part(
              r.uuid(),
              r.optional(EntryReader::string),
              r.optional(EntryReader::i64),
              r.optional(cr -> new ObjectVersion.Checksum(cr.string(), cr.string()))));
    }
    return new MultipartUpload(uploadId, ts, deleted, parts, bucketId, key);
  }
}
