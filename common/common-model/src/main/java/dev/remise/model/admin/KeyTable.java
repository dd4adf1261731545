package dev.remise.model.admin;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.TableReplication;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeMap;

/** Schema of the key table (full copy). */
public final class KeyTable implements TableSchema<AccessKey> {
  public static final KeyTable INSTANCE = new KeyTable();

  @Override
  public String tableName() {
    return "key";
  }

  /** Every request reads it: a copy on every metadata node (garage-internals §3.9). */
  @Override
  public TableReplication replication() {
    return TableReplication.FULL_COPY;
  }

  @Override
  public String versionMarker() {
    return "R1key";
  }

  @Override
  public Hash partitionHash(AccessKey e) {
    return FullCopyKeys.PARTITION;
  }

  @Override
  public byte[] sortKey(AccessKey e) {
    return e.accessKeyId().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public AccessKey merge(AccessKey a, AccessKey b) {
    return a.merge(b);
  }

  @Override
  public boolean isTombstone(AccessKey e) {
    return e.deleted();
  }

  @Override
  public void write(AccessKey e, EntryWriter w) {
    w.string(e.accessKeyId()).bool(e.deleted());
    if (e.deleted()) {
      return;
    }
    w.string(e.secretKey()).i64(e.created());
    w.i64(e.name().timestamp()).string(e.name().value());
    w.i64(e.allowCreateBucket().timestamp()).bool(e.allowCreateBucket().value());
    w.list(
        e.authorizedBuckets().entrySet(),
        (pw, p) -> {
          pw.uuid(p.getKey());
          Codecs.writePerm(p.getValue(), pw);
        });
    w.list(
        e.localAliases().entries().entrySet(),
        (aw, a) -> {
          aw.string(a.getKey()).i64(a.getValue().timestamp());
          aw.optional(a.getValue().value().orElse(null), EntryWriter::uuid);
        });
  }

  @Override
  public AccessKey read(EntryReader r) {
    String id = r.string();
    if (r.bool()) {
      return AccessKey.tombstone(id);
    }
    String secret = r.string();
    long created = r.i64();
    Lww<String> name = new Lww<>(r.i64(), r.string());
    Lww<Boolean> allowCreate = new Lww<>(r.i64(), r.bool());
    TreeMap<Uuid, BucketKeyPerm> perms = new TreeMap<>();
    int n = r.count();
    for (int i = 0; i < n; i++) {
      perms.put(r.uuid(), Codecs.readPerm(r));
    }
    TreeMap<String, Lww<Optional<Uuid>>> aliases = new TreeMap<>();
    n = r.count();
    for (int i = 0; i < n; i++) {
      String alias = r.string();
      long ts = r.i64();
      aliases.put(alias, new Lww<>(ts, Optional.ofNullable(r.optional(EntryReader::uuid))));
    }
    return new AccessKey(
        id, false, secret, created, name, allowCreate, perms, new LwwMap<>(aliases));
  }
}
