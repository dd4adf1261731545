package dev.remise.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.table.TableSchema;
import java.util.HexFormat;

/**
 * The CRDT laws of a table's merge, checked on the encoding: two replicas agree when they would
 * store, hash and sync the same bytes, whatever Java's {@code equals} says about arrays and maps.
 * Hex strings make a failure readable.
 */
public final class CrdtLaws {
  private CrdtLaws() {}

  public static <E> String hex(TableSchema<E> table, E entry) {
    return HexFormat.of().formatHex(table.encode(entry));
  }

  public static <E> void assertCommutative(TableSchema<E> table, E a, E b) {
    assertThat(hex(table, table.merge(a, b)))
        .as("merge(a, b) == merge(b, a)")
        .isEqualTo(hex(table, table.merge(b, a)));
  }

  public static <E> void assertAssociative(TableSchema<E> table, E a, E b, E c) {
    assertThat(hex(table, table.merge(table.merge(a, b), c)))
        .as("merge(merge(a, b), c) == merge(a, merge(b, c))")
        .isEqualTo(hex(table, table.merge(a, table.merge(b, c))));
  }

  public static <E> void assertIdempotent(TableSchema<E> table, E a) {
    assertThat(hex(table, table.merge(a, a))).as("merge(a, a) == a").isEqualTo(hex(table, a));
  }
}
