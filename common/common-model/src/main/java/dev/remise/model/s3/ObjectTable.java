package dev.remise.model.s3;

import dev.remise.core.Hash;
import dev.remise.model.counter.ObjectCounter;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.IndexCounter;
import dev.remise.table.InsertQueue;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** Schema of the object table (metadata nodes). */
public final class ObjectTable implements TableSchema<S3Object> {
  public static final ObjectTable INSTANCE = new ObjectTable();

  @Override
  public String tableName() {
    return "object";
  }

  @Override
  public String versionMarker() {
    return "R1obj";
  }

  @Override
  public Hash partitionHash(S3Object e) {
    // The bucket id, unhashed: all objects of a bucket sit in one partition, so listing is one
    // range read.
    return e.bucketId().asHash();
  }

  @Override
  public byte[] sortKey(S3Object e) {
    return e.key().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public S3Object merge(S3Object a, S3Object b) {
    return a.merge(b);
  }

  /** Garage's {@code CountedItem}: see {@link ObjectCounter}. */
  @Override
  public List<IndexCounter<S3Object, ?>> counters() {
    return List.of(ObjectCounter.INSTANCE);
  }

  @Override
  public boolean isTombstone(S3Object e) {
    return e.isTombstone();
  }

  @Override
  public OptionalLong newerThan(S3Object stored, S3Object incoming) {
    return stored.newerThan(incoming);
  }

  /** Filter {@value #FILTER_IS_DATA}: keys that currently have data, what ListObjects shows. */
  public static final String FILTER_IS_DATA = "is_data";

  @Override
  public boolean matchesFilter(S3Object e, String filter) {
    if (FILTER_IS_DATA.equals(filter)) {
      return e.lastData().isPresent();
    }
    return TableSchema.super.matchesFilter(e, filter);
  }

  /**
   * Deletion cascade, step 1: a version that left the entry (trimmed by a newer complete version)
   * or was aborted had a version-table entry if it ever held blocks; mark that entry deleted.
   */
  @Override
  public void updated(S3Object old, S3Object updated, InsertQueue queue) {
    if (old == null) {
      return;
    }
    for (ObjectVersion v : old.versions()) {
      var now = updated.version(v.uuid());
      boolean gone = now.isEmpty() || now.get().state() instanceof State.Aborted;
      boolean hadBlocks =
          switch (v.state()) {
            case State.Uploading u -> true;
            case State.Complete(Data.FirstBlock f) -> true;
            case State.Complete c -> false;
            case State.Aborted a -> false;
          };
      if (gone && hadBlocks) {
        queue.queueInsert(
            VersionTable.INSTANCE,
            Version.deleted(v.uuid(), new Version.Backlink.Object(old.bucketId(), old.key())));
      }
      // A multipart upload ends when its version completes, is aborted or is trimmed: its upload
      // entry goes,
      // and with it the versions of its part attempts (the completed version lists the blocks it
      // kept).
      boolean stillUploading = now.isPresent() && now.get().state() instanceof State.Uploading;
      if (v.state() instanceof State.Uploading(boolean multipart, var h)
          && multipart
          && !stillUploading) {
        queue.queueInsert(
            MultipartUploadTable.INSTANCE,
            MultipartUpload.create(v.uuid(), v.timestamp(), old.bucketId(), old.key()).asDeleted());
      }
    }
  }

  @Override
  public void write(S3Object e, EntryWriter w) {
    w.uuid(e.bucketId()).string(e.key());
    w.list(e.versions(), (vw, v) -> writeVersion(v, vw));
  }

  @Override
  public S3Object read(EntryReader r) {
    return new S3Object(r.uuid(), r.string(), r.list(ObjectTable::readVersion));
  }

  private static void writeVersion(ObjectVersion v, EntryWriter w) {
    w.uuid(v.uuid()).i64(v.timestamp());
    writeState(v.state(), w);
  }

  private static ObjectVersion readVersion(EntryReader r) {
    return new ObjectVersion(r.uuid(), r.i64(), readState(r));
  }

  private static void writeState(State s, EntryWriter w) {
    switch (s) {
      case State.Uploading u -> {
        w.u8(0).bool(u.multipart());
        writeHeaders(u.headers(), w);
      }
      case State.Complete c -> {
        w.u8(1);
        switch (c.data()) {
          case Data.DeleteMarker d -> w.u8(0);
          case Data.Inline i -> {
            w.u8(1);
            writeMeta(i.meta(), w);
            w.bytes(i.bytes());
          }
          case Data.FirstBlock f -> {
            w.u8(2);
            writeMeta(f.meta(), w);
            w.hash(f.firstBlock());
          }
        }
      }
      case State.Aborted a -> w.u8(2);
    }
  }

  private static State readState(EntryReader r) {
    return switch (r.u8()) {
      case 0 -> new State.Uploading(r.bool(), readHeaders(r));
      case 1 ->
          new State.Complete(
              switch (r.u8()) {
                case 0 -> new Data.DeleteMarker();
                case 1 -> new Data.Inline(readMeta(r), r.bytes());
                case 2 -> new Data.FirstBlock(readMeta(r), r.hash());
                default -> throw new MalformedEntryException("unknown object data kind");
              });
      case 2 -> new State.Aborted();
      default -> throw new MalformedEntryException("unknown object version state");
    };
  }

  private static void writeMeta(ObjectVersion.Meta m, EntryWriter w) {
    w.i64(m.size()).string(m.etag());
    writeHeaders(m.headers(), w);
  }

  private static ObjectVersion.Meta readMeta(EntryReader r) {
    return new ObjectVersion.Meta(r.i64(), r.string(), readHeaders(r));
  }

  private static void writeHeaders(ObjectVersion.Headers h, EntryWriter w) {
    w.list(h.headers(), (hw, x) -> hw.string(x.name()).string(x.value()));
    w.optional(h.checksum(), (cw, c) -> cw.string(c.algorithm()).string(c.value()));
  }

  private static ObjectVersion.Headers readHeaders(EntryReader r) {
    return new ObjectVersion.Headers(
        r.list(hr -> new ObjectVersion.Header(hr.string(), hr.string())),
        r.optional(cr -> new ObjectVersion.Checksum(cr.string(), cr.string())));
  }

  /** Orders two version states by their encoding: a deterministic tie-break for merges. */
  static int compareEncoded(State a, State b) {
    EntryWriter wa = new EntryWriter();
    writeState(a, wa);
    EntryWriter wb = new EntryWriter();
    writeState(b, wb);
    return Arrays.compareUnsigned(wa.toByteArray(), wb.toByteArray());
  }
}
