package dev.remise.model.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.CrdtLaws;
import dev.remise.model.S3Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BlockRefMergeTest {
  private static final BlockRefTable TABLE = BlockRefTable.INSTANCE;

  @Provide
  Arbitrary<BlockRef> refs() {
    return S3Arbitraries.blockRefReplicas();
  }

  @Property
  void mergeIsCommutative(@ForAll("refs") BlockRef a, @ForAll("refs") BlockRef b) {
    CrdtLaws.assertCommutative(TABLE, a, b);
  }

  @Property
  void mergeIsAssociative(
      @ForAll("refs") BlockRef a, @ForAll("refs") BlockRef b, @ForAll("refs") BlockRef c) {
    CrdtLaws.assertAssociative(TABLE, a, b, c);
  }

  @Property
  void mergeIsIdempotent(@ForAll("refs") BlockRef a) {
    CrdtLaws.assertIdempotent(TABLE, a);
  }

  @Property
  void aDeletedReferenceStaysDeleted(@ForAll("refs") BlockRef a, @ForAll("refs") BlockRef b) {
    assertThat(TABLE.merge(a, b).deleted()).isEqualTo(a.deleted() || b.deleted());
  }
}
