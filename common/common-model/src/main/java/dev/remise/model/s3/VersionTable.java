package dev.remise.model.s3;

import dev.remise.core.Hash;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.InsertQueue;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableSchema;
import java.util.TreeMap;

/** Schema of the version table (metadata nodes). */
public final class VersionTable implements TableSchema<Version> {
  public static final VersionTable INSTANCE = new VersionTable();

  @Override
  public String tableName() {
    return "version";
  }

  @Override
  public String versionMarker() {
    return "R1ver";
  }

  @Override
  public Hash partitionHash(Version e) {
    return e.uuid().asHash();
  }

  @Override
  public byte[] sortKey(Version e) {
    return new byte[0];
  }

  @Override
  public Version merge(Version a, Version b) {
    return a.merge(b);
  }

  @Override
  public boolean isTombstone(Version e) {
    return e.deleted();
  }

  /**
   * Deletion cascade, step 2: a version that becomes deleted drops its references to its blocks.
   */
  @Override
  public void updated(Version old, Version updated, InsertQueue queue) {
    if (old == null || old.deleted() || !updated.deleted()) {
      return;
    }
    for (Version.Block b : old.blocks().values()) {
      queue.queueInsert(BlockRefTable.INSTANCE, new BlockRef(b.hash(), old.uuid(), true));
    }
  }

  @Override
  public void write(Version e, EntryWriter w) {
    w.uuid(e.uuid()).bool(e.deleted());
    w.list(
        e.blocks().entrySet(),
        (bw, en) ->
            bw.i32(en.getKey().partNumber())
                .i64(en.getKey().offset())
                .hash(en.getValue().hash())
                .i64(en.getValue().size()));
    switch (e.backlink()) {
      case Version.Backlink.Object o -> w.u8(0).uuid(o.bucketId()).string(o.key());
      case Version.Backlink.MultipartUpload m -> w.u8(1).uuid(m.uploadId());
    }
  }

  @Override
  public Version read(EntryReader r) {
    var uuid = r.uuid();
    boolean deleted = r.bool();
    TreeMap<Version.BlockKey, Version.Block> blocks = new TreeMap<>();
    int n = r.count();
    for (int i = 0; i < n; i++) {
      blocks.put(new Version.BlockKey(r.i32(), r.i64()), new Version.Block(r.hash(), r.i64()));
    }
    Version.Backlink backlink =
        switch (r.u8()) {
          case 0 -> new Version.Backlink.Object(r.uuid(), r.string());
          case 1 -> new Version.Backlink.MultipartUpload(r.uuid());
          default -> throw new MalformedEntryException("unknown version backlink");
        };
    return new Version(uuid, deleted, blocks, backlink);
  }
}
