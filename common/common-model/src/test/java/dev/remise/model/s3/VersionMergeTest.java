package dev.remise.model.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.CrdtLaws;
import dev.remise.model.S3Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VersionMergeTest {
  private static final VersionTable TABLE = VersionTable.INSTANCE;

  @Provide
  Arbitrary<Version> versions() {
    return S3Arbitraries.versionReplicas();
  }

  @Property
  void mergeIsCommutative(@ForAll("versions") Version a, @ForAll("versions") Version b) {
    CrdtLaws.assertCommutative(TABLE, a, b);
  }

  @Property
  void mergeIsAssociative(
      @ForAll("versions") Version a, @ForAll("versions") Version b, @ForAll("versions") Version c) {
    CrdtLaws.assertAssociative(TABLE, a, b, c);
  }

  @Property
  void mergeIsIdempotent(@ForAll("versions") Version a) {
    CrdtLaws.assertIdempotent(TABLE, a);
  }

  @Property
  void deletionIsFinalAndForgetsTheBlocks(
      @ForAll("versions") Version a, @ForAll("versions") Version b) {
    Version merged = TABLE.merge(a, b);

    assertThat(merged.deleted()).isEqualTo(a.deleted() || b.deleted());
    if (merged.deleted()) {
      assertThat(merged.blocks()).isEmpty();
    } else {
      assertThat(merged.blocks().keySet())
          .containsAll(a.blocks().keySet())
          .containsAll(b.blocks().keySet());
    }
  }
}
