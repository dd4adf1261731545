package dev.remise.model.admin;

import dev.remise.core.Hash;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.TableReplication;
import dev.remise.table.TableSchema;
import java.util.TreeMap;

/** Schema of the bucket table (full copy). */
public final class BucketTable implements TableSchema<Bucket> {
  public static final BucketTable INSTANCE = new BucketTable();

  @Override
  public String tableName() {
    return "bucket";
  }

  /** Every request reads it: a copy on every metadata node (garage-internals §3.9). */
  @Override
  public TableReplication replication() {
    return TableReplication.FULL_COPY;
  }

  @Override
  public String versionMarker() {
    return "R1bkt";
  }

  @Override
  public Hash partitionHash(Bucket e) {
    return FullCopyKeys.PARTITION;
  }

  @Override
  public byte[] sortKey(Bucket e) {
    return e.id().bytes();
  }

  @Override
  public Bucket merge(Bucket a, Bucket b) {
    return a.merge(b);
  }

  @Override
  public boolean isTombstone(Bucket e) {
    return e.deleted();
  }

  @Override
  public void write(Bucket e, EntryWriter w) {
    w.uuid(e.id()).bool(e.deleted());
    if (e.deleted()) {
      return;
    }
    w.i64(e.creationDate());
    w.list(
        e.authorizedKeys().entrySet(),
        (pw, p) -> {
          pw.string(p.getKey());
          Codecs.writePerm(p.getValue(), pw);
        });
    w.list(
        e.globalAliases().entries().entrySet(),
        (aw, a) -> aw.string(a.getKey()).i64(a.getValue().timestamp()).bool(a.getValue().value()));
    w.list(
        e.localAliases().entries().entrySet(),
        (aw, a) ->
            aw.string(a.getKey().accessKeyId())
                .string(a.getKey().alias())
                .i64(a.getValue().timestamp())
                .bool(a.getValue().value()));
  }

  @Override
  public Bucket read(EntryReader r) {
    var id = r.uuid();
    if (r.bool()) {
      return Bucket.tombstone(id);
    }
    long created = r.i64();
    TreeMap<String, BucketKeyPerm> perms = new TreeMap<>();
    int n = r.count();
    for (int i = 0; i < n; i++) {
      perms.put(r.string(), Codecs.readPerm(r));
    }
    TreeMap<String, Lww<Boolean>> global = new TreeMap<>();
    n = r.count();
    for (int i = 0; i < n; i++) {
      global.put(r.string(), new Lww<>(r.i64(), r.bool()));
    }
    TreeMap<Bucket.LocalAlias, Lww<Boolean>> local = new TreeMap<>(Bucket.LOCAL_ALIAS_ORDER);
    n = r.count();
    for (int i = 0; i < n; i++) {
      local.put(new Bucket.LocalAlias(r.string(), r.string()), new Lww<>(r.i64(), r.bool()));
    }
    return new Bucket(id, false, created, perms, new LwwMap<>(global), new LwwMap<>(local));
  }
}
