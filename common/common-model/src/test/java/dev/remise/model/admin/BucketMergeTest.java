package dev.remise.model.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.AdminArbitraries;
import dev.remise.model.CrdtLaws;
import dev.remise.model.TableMergeContract;
import dev.remise.table.TableSchema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BucketMergeTest implements TableMergeContract<Bucket> {
  private static final BucketTable TABLE = BucketTable.INSTANCE;

  @Override
  public TableSchema<Bucket> table() {
    return TABLE;
  }

  @Override
  @Provide
  public Arbitrary<Bucket> replicas() {
    return AdminArbitraries.bucketReplicas();
  }

  @Property
  void deletionIsFinal(@ForAll("replicas") Bucket a, @ForAll("replicas") Bucket b) {
    Bucket merged = TABLE.merge(a, b);

    assertThat(merged.deleted()).isEqualTo(a.deleted() || b.deleted());
    if (merged.deleted()) {
      assertThat(CrdtLaws.hex(TABLE, merged))
          .isEqualTo(CrdtLaws.hex(TABLE, Bucket.tombstone(AdminArbitraries.BUCKET_ID)));
    }
  }
}
