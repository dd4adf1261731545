package dev.remise.model.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.AdminArbitraries;
import dev.remise.model.TableMergeContract;
import dev.remise.table.TableSchema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BucketAliasMergeTest implements TableMergeContract<BucketAlias> {
  private static final BucketAliasTable TABLE = BucketAliasTable.INSTANCE;

  @Override
  public TableSchema<BucketAlias> table() {
    return TABLE;
  }

  @Override
  @Provide
  public Arbitrary<BucketAlias> replicas() {
    return AdminArbitraries.aliasReplicas();
  }

  @Property
  void theLaterAssignmentOfANameWins(
      @ForAll("replicas") BucketAlias a, @ForAll("replicas") BucketAlias b) {
    BucketAlias merged = TABLE.merge(a, b);

    assertThat(merged.bucketId().timestamp())
        .isEqualTo(Math.max(a.bucketId().timestamp(), b.bucketId().timestamp()));
    if (a.bucketId().timestamp() > b.bucketId().timestamp()) {
      assertThat(merged.target()).isEqualTo(a.target());
    }
  }
}
