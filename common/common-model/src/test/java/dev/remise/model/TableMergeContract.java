package dev.remise.model;

import dev.remise.table.TableSchema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The CRDT laws every table's merge must obey, as a jqwik contract: a test class implements it for
 * one schema, names the schema and provides replicas of one entry (states that may really meet on
 * two nodes), and inherits the three properties. Entries are compared by their encoding ({@link
 * CrdtLaws}).
 */
public interface TableMergeContract<E> {

  TableSchema<E> table();

  @Provide
  Arbitrary<E> replicas();

  @Property
  default void mergeIsCommutative(@ForAll("replicas") E a, @ForAll("replicas") E b) {
    CrdtLaws.assertCommutative(table(), a, b);
  }

  @Property
  default void mergeIsAssociative(
      @ForAll("replicas") E a, @ForAll("replicas") E b, @ForAll("replicas") E c) {
    CrdtLaws.assertAssociative(table(), a, b, c);
  }

  @Property
  default void mergeIsIdempotent(@ForAll("replicas") E a) {
    CrdtLaws.assertIdempotent(table(), a);
  }
}
