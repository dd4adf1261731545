package dev.remise.model.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.AdminArbitraries;
import dev.remise.model.CrdtLaws;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BucketMergeTest {
  private static final BucketTable TABLE = BucketTable.INSTANCE;

  @Provide
  Arbitrary<Bucket> buckets() {
    return AdminArbitraries.bucketReplicas();
  }

  @Property
  void mergeIsCommutative(@ForAll("buckets") Bucket a, @ForAll("buckets") Bucket b) {
    CrdtLaws.assertCommutative(TABLE, a, b);
  }

  @Property
  void mergeIsAssociative(
      @ForAll("buckets") Bucket a, @ForAll("buckets") Bucket b, @ForAll("buckets") Bucket c) {
    CrdtLaws.assertAssociative(TABLE, a, b, c);
  }

  @Property
  void mergeIsIdempotent(@ForAll("buckets") Bucket a) {
    CrdtLaws.assertIdempotent(TABLE, a);
  }

  @Property
  void deletionIsFinal(@ForAll("buckets") Bucket a, @ForAll("buckets") Bucket b) {
    Bucket merged = TABLE.merge(a, b);

    assertThat(merged.deleted()).isEqualTo(a.deleted() || b.deleted());
    if (merged.deleted()) {
      assertThat(CrdtLaws.hex(TABLE, merged))
          .isEqualTo(CrdtLaws.hex(TABLE, Bucket.tombstone(AdminArbitraries.BUCKET_ID)));
    }
  }
}
