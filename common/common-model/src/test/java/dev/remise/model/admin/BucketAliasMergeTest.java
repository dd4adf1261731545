package dev.remise.model.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.AdminArbitraries;
import dev.remise.model.CrdtLaws;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BucketAliasMergeTest {
  private static final BucketAliasTable TABLE = BucketAliasTable.INSTANCE;

  @Provide
  Arbitrary<BucketAlias> aliases() {
    return AdminArbitraries.aliasReplicas();
  }

  @Property
  void mergeIsCommutative(@ForAll("aliases") BucketAlias a, @ForAll("aliases") BucketAlias b) {
    CrdtLaws.assertCommutative(TABLE, a, b);
  }

  @Property
  void mergeIsAssociative(
      @ForAll("aliases") BucketAlias a,
      @ForAll("aliases") BucketAlias b,
      @ForAll("aliases") BucketAlias c) {
    CrdtLaws.assertAssociative(TABLE, a, b, c);
  }

  @Property
  void mergeIsIdempotent(@ForAll("aliases") BucketAlias a) {
    CrdtLaws.assertIdempotent(TABLE, a);
  }

  @Property
  void theLaterAssignmentOfANameWins(
      @ForAll("aliases") BucketAlias a, @ForAll("aliases") BucketAlias b) {
    BucketAlias merged = TABLE.merge(a, b);

    assertThat(merged.bucketId().timestamp())
        .isEqualTo(Math.max(a.bucketId().timestamp(), b.bucketId().timestamp()));
    if (a.bucketId().timestamp() > b.bucketId().timestamp()) {
      assertThat(merged.target()).isEqualTo(a.target());
    }
  }
}
