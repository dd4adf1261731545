package dev.remise.model.s3;

import dev.remise.core.Hash;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.TableSchema;

/** Schema of the block_ref table, stored on block nodes beside the blocks. */
public final class BlockRefTable implements TableSchema<BlockRef> {
  public static final BlockRefTable INSTANCE = new BlockRefTable();

  @Override
  public String tableName() {
    return "block_ref";
  }

  @Override
  public String versionMarker() {
    return "R1br";
  }

  @Override
  public Hash partitionHash(BlockRef e) {
    return e.block();
  }

  @Override
  public byte[] sortKey(BlockRef e) {
    return e.version().bytes();
  }

  @Override
  public BlockRef merge(BlockRef a, BlockRef b) {
    return a.merge(b);
  }

  @Override
  public boolean isTombstone(BlockRef e) {
    return e.deleted();
  }

  @Override
  public void write(BlockRef e, EntryWriter w) {
    w.hash(e.block()).uuid(e.version()).bool(e.deleted());
  }

  @Override
  public BlockRef read(EntryReader r) {
    return new BlockRef(r.hash(), r.uuid(), r.bool());
  }
}
