package dev.remise.model.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.S3Arbitraries;
import dev.remise.model.TableMergeContract;
import dev.remise.table.TableSchema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VersionMergeTest implements TableMergeContract<Version> {
  private static final VersionTable TABLE = VersionTable.INSTANCE;

  @Override
  public TableSchema<Version> table() {
    return TABLE;
  }

  @Override
  @Provide
  public Arbitrary<Version> replicas() {
    return S3Arbitraries.versionReplicas();
  }

  @Property
  void deletionIsFinalAndForgetsTheBlocks(
      @ForAll("replicas") Version a, @ForAll("replicas") Version b) {
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
