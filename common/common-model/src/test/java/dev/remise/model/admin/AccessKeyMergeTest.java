package dev.remise.model.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.AdminArbitraries;
import dev.remise.model.CrdtLaws;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccessKeyMergeTest {
  private static final KeyTable TABLE = KeyTable.INSTANCE;

  @Provide
  Arbitrary<AccessKey> keys() {
    return AdminArbitraries.keyReplicas();
  }

  @Property
  void mergeIsCommutative(@ForAll("keys") AccessKey a, @ForAll("keys") AccessKey b) {
    CrdtLaws.assertCommutative(TABLE, a, b);
  }

  @Property
  void mergeIsAssociative(
      @ForAll("keys") AccessKey a, @ForAll("keys") AccessKey b, @ForAll("keys") AccessKey c) {
    CrdtLaws.assertAssociative(TABLE, a, b, c);
  }

  @Property
  void mergeIsIdempotent(@ForAll("keys") AccessKey a) {
    CrdtLaws.assertIdempotent(TABLE, a);
  }

  @Property
  void deletionIsFinal(@ForAll("keys") AccessKey a, @ForAll("keys") AccessKey b) {
    AccessKey merged = TABLE.merge(a, b);

    assertThat(merged.deleted()).isEqualTo(a.deleted() || b.deleted());
    if (merged.deleted()) {
      assertThat(CrdtLaws.hex(TABLE, merged))
          .isEqualTo(CrdtLaws.hex(TABLE, AccessKey.tombstone(AdminArbitraries.ACCESS_KEY_ID)));
    }
  }
}
