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

class AccessKeyMergeTest implements TableMergeContract<AccessKey> {
  private static final KeyTable TABLE = KeyTable.INSTANCE;

  @Override
  public TableSchema<AccessKey> table() {
    return TABLE;
  }

  @Override
  @Provide
  public Arbitrary<AccessKey> replicas() {
    return AdminArbitraries.keyReplicas();
  }

  @Property
  void deletionIsFinal(@ForAll("replicas") AccessKey a, @ForAll("replicas") AccessKey b) {
    AccessKey merged = TABLE.merge(a, b);

    assertThat(merged.deleted()).isEqualTo(a.deleted() || b.deleted());
    if (merged.deleted()) {
      assertThat(CrdtLaws.hex(TABLE, merged))
          .isEqualTo(CrdtLaws.hex(TABLE, AccessKey.tombstone(AdminArbitraries.ACCESS_KEY_ID)));
    }
  }
}
