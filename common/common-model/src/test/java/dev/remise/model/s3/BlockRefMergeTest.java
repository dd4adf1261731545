package dev.remise.model.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.S3Arbitraries;
import dev.remise.model.TableMergeContract;
import dev.remise.table.TableSchema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BlockRefMergeTest implements TableMergeContract<BlockRef> {
  private static final BlockRefTable TABLE = BlockRefTable.INSTANCE;

  @Override
  public TableSchema<BlockRef> table() {
    return TABLE;
  }

  @Override
  @Provide
  public Arbitrary<BlockRef> replicas() {
    return S3Arbitraries.blockRefReplicas();
  }

  @Property
  void aDeletedReferenceStaysDeleted(
      @ForAll("replicas") BlockRef a, @ForAll("replicas") BlockRef b) {
    assertThat(TABLE.merge(a, b).deleted()).isEqualTo(a.deleted() || b.deleted());
  }
}
