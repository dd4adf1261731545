package dev.remise.model.admin;

import dev.remise.core.Hash;
import dev.remise.crdt.Lww;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.TableReplication;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Schema of the bucket_alias table (full copy). */
public final class BucketAliasTable implements TableSchema<BucketAlias> {
  public static final BucketAliasTable INSTANCE = new BucketAliasTable();

  @Override
  public String tableName() {
    return "bucket_alias";
  }

  /** Every request reads it: a copy on every metadata node (garage-internals §3.9). */
  @Override
  public TableReplication replication() {
    return TableReplication.FULL_COPY;
  }

  @Override
  public String versionMarker() {
    return "R1bal";
  }

  @Override
  public Hash partitionHash(BucketAlias e) {
    return FullCopyKeys.PARTITION;
  }

  @Override
  public byte[] sortKey(BucketAlias e) {
    return e.name().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public BucketAlias merge(BucketAlias a, BucketAlias b) {
    return a.merge(b);
  }

  @Override
  public void write(BucketAlias e, EntryWriter w) {
    w.string(e.name()).i64(e.bucketId().timestamp());
    w.optional(e.bucketId().value().orElse(null), EntryWriter::uuid);
  }

  @Override
  public BucketAlias read(EntryReader r) {
    String name = r.string();
    long ts = r.i64();
    return new BucketAlias(name, new Lww<>(ts, Optional.ofNullable(r.optional(EntryReader::uuid))));
  }
}
