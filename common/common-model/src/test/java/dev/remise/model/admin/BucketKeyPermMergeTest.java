package dev.remise.model.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.AdminArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** BucketKeyPerm has no table of its own; its fields are primitives, so records compare exactly. */
class BucketKeyPermMergeTest {

  @Provide
  Arbitrary<BucketKeyPerm> perms() {
    return AdminArbitraries.permReplicas();
  }

  @Property
  void mergeIsCommutative(@ForAll("perms") BucketKeyPerm a, @ForAll("perms") BucketKeyPerm b) {
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
  }

  @Property
  void mergeIsAssociative(
      @ForAll("perms") BucketKeyPerm a,
      @ForAll("perms") BucketKeyPerm b,
      @ForAll("perms") BucketKeyPerm c) {
    assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
  }

  @Property
  void mergeIsIdempotent(@ForAll("perms") BucketKeyPerm a) {
    assertThat(a.merge(a)).isEqualTo(a);
  }

  @Property
  void theLatestGrantOrRevocationWins(
      @ForAll("perms") BucketKeyPerm a, @ForAll("perms") BucketKeyPerm b) {
    if (a.timestamp() > b.timestamp()) {
      assertThat(a.merge(b)).isEqualTo(a);
      assertThat(b.merge(a)).isEqualTo(a);
    }
  }
}
