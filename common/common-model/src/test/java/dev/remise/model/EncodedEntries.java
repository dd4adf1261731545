package dev.remise.model;

import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.counter.CounterTable;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.VersionTable;
import dev.remise.table.TableSchema;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Encoded entries of every model table, for codec properties that hold for all of them. */
public final class EncodedEntries {
  private EncodedEntries() {}

  public static final List<TableSchema<?>> TABLES =
      List.of(
          ObjectTable.INSTANCE,
          VersionTable.INSTANCE,
          BlockRefTable.INSTANCE,
          MultipartUploadTable.INSTANCE,
          BucketTable.INSTANCE,
          BucketAliasTable.INSTANCE,
          KeyTable.INSTANCE,
          CounterTable.BUCKET_OBJECT_COUNTER,
          CounterTable.BUCKET_MPU_COUNTER);

  /** The bytes of one entry and the table they belong to. */
  public record Encoded(TableSchema<?> table, byte[] bytes) {
    public Object decode(byte[] data) {
      return table.decode(data);
    }

    @Override
    public String toString() {
      return table.tableName() + ":" + HexFormat.of().formatHex(bytes);
    }
  }

  private static <E> Arbitrary<Encoded> of(TableSchema<E> table, Arbitrary<E> entries) {
    return entries.map(e -> new Encoded(table, table.encode(e)));
  }

  public static Arbitrary<Encoded> any() {
    return Arbitraries.oneOf(
        of(ObjectTable.INSTANCE, S3Arbitraries.anyObject()),
        of(VersionTable.INSTANCE, S3Arbitraries.anyVersion()),
        of(BlockRefTable.INSTANCE, S3Arbitraries.anyBlockRef()),
        of(MultipartUploadTable.INSTANCE, S3Arbitraries.anyUpload()),
        of(BucketTable.INSTANCE, AdminArbitraries.anyBucket()),
        of(BucketAliasTable.INSTANCE, AdminArbitraries.anyAlias()),
        of(KeyTable.INSTANCE, AdminArbitraries.anyKey()),
        of(CounterTable.BUCKET_OBJECT_COUNTER, CounterArbitraries.any()));
  }

  /** The hand-built entries of GoldenEntries, encoded. */
  public static List<Encoded> golden() {
    return List.of(
        new Encoded(ObjectTable.INSTANCE, ObjectTable.INSTANCE.encode(GoldenEntries.OBJECT)),
        new Encoded(
            ObjectTable.INSTANCE, ObjectTable.INSTANCE.encode(GoldenEntries.OBJECT_FIRST_BLOCK)),
        new Encoded(VersionTable.INSTANCE, VersionTable.INSTANCE.encode(GoldenEntries.VERSION)),
        new Encoded(BlockRefTable.INSTANCE, BlockRefTable.INSTANCE.encode(GoldenEntries.BLOCK_REF)),
        new Encoded(
            MultipartUploadTable.INSTANCE,
            MultipartUploadTable.INSTANCE.encode(GoldenEntries.UPLOAD)),
        new Encoded(BucketTable.INSTANCE, BucketTable.INSTANCE.encode(GoldenEntries.BUCKET)),
        new Encoded(
            BucketAliasTable.INSTANCE, BucketAliasTable.INSTANCE.encode(GoldenEntries.ALIAS)),
        new Encoded(KeyTable.INSTANCE, KeyTable.INSTANCE.encode(GoldenEntries.KEY)),
        new Encoded(
            CounterTable.BUCKET_OBJECT_COUNTER,
            CounterTable.BUCKET_OBJECT_COUNTER.encode(GoldenEntries.OBJECT_COUNTER)),
        new Encoded(
            CounterTable.BUCKET_MPU_COUNTER,
            CounterTable.BUCKET_MPU_COUNTER.encode(GoldenEntries.MPU_COUNTER)));
  }
}
