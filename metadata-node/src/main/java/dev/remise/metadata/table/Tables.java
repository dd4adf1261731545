package dev.remise.metadata.table;

import dev.remise.replication.Replication;
import dev.remise.rpc.TableClient;
import dev.remise.table.TableSchema;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The tables this node serves, by name: what the table RPCs and the insert queue worker resolve a
 * table name against. Which schemas a node serves is decided by whoever builds it (the metadata
 * node's configuration), not here.
 */
public final class Tables {
  private final Map<String, LocalTable<?>> byName = new LinkedHashMap<>();

  /**
   * Tables placed as their schemas declare ({@link TableSchema#replication}): full-copy tables on
   * every metadata node, the others sharded over the metadata ring.
   */
  public Tables(MetadataStore store, PersistentInsertQueue queue, List<TableSchema<?>> schemas) {
    this(store, queue, schemas, Tables::declaredReplication);
  }

  /** The placement {@code schema} declares, on the metadata ring. */
  public static Replication declaredReplication(TableSchema<?> schema) {
    return TableClient.replicationOf(schema);
  }

  /**
   * @param replication where each schema's entries live, which also splits its Merkle trees into
   *     partitions; decided by the node's configuration, as the schemas are
   */
  public Tables(
      MetadataStore store,
      PersistentInsertQueue queue,
      List<TableSchema<?>> schemas,
      Function<TableSchema<?>, Replication> replication) {
    this(store, queue, schemas, replication, InstantSource.system());
  }

  /**
   * Tables that keep no index counters: for tests of the engine alone, whose stores have no node id
   * to publish totals under.
   *
   * @param clock dates the tombstones recorded for table GC
   */
  public Tables(
      MetadataStore store,
      PersistentInsertQueue queue,
      List<TableSchema<?>> schemas,
      Function<TableSchema<?>, Replication> replication,
      InstantSource clock) {
    this(store, queue, null, schemas, replication, clock);
  }

  /**
   * What a metadata node runs: the tables of {@code schemas}, each change counted in the index
   * counters its schema declares.
   *
   * @param counters this node's index counters (null: none kept)
   * @param clock dates the tombstones recorded for table GC
   */
  public Tables(
      MetadataStore store,
      PersistentInsertQueue queue,
      LocalCounters counters,
      List<TableSchema<?>> schemas,
      Function<TableSchema<?>, Replication> replication,
      InstantSource clock) {
    for (TableSchema<?> schema : schemas) {
      LocalTable<?> table = open(store, schema, queue, replication.apply(schema), clock, counters);
      if (byName.putIfAbsent(table.name(), table) != null) {
        throw new IllegalArgumentException("two schemas named " + table.name());
      }
    }
  }

  /**
   * The column families a store must open to hold {@code schemas}: each table's own, its two Merkle
   * families and its GC todo list, the shared insert queue and the shared local counters.
   */
  public static List<String> columnFamilies(List<TableSchema<?>> schemas) {
    List<String> families = new ArrayList<>();
    for (TableSchema<?> s : schemas) {
      families.add(LocalTable.familyName(s.tableName()));
      families.add(MerkleTree.treeFamily(s.tableName()));
      families.add(MerkleTree.todoFamily(s.tableName()));
      families.add(GcTodoList.family(s.tableName()));
    }
    families.add(PersistentInsertQueue.FAMILY);
    families.add(LocalCounters.FAMILY);
    return families;
  }

  private static <E> LocalTable<E> open(
      MetadataStore store,
      TableSchema<E> schema,
      PersistentInsertQueue queue,
      Replication replication,
      InstantSource clock,
      LocalCounters counters) {
    return new LocalTable<>(store, schema, queue, replication, clock, counters);
  }

  /** The table named {@code name}; {@link NoSuchTableException} if this node does not serve it. */
  public LocalTable<?> get(String name) {
    LocalTable<?> table = byName.get(name);
    if (table == null) {
      throw new NoSuchTableException(name);
    }
    return table;
  }

  public Optional<LocalTable<?>> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The table of {@code schema}, typed; the schema must be the one the table was built with. */
  @SuppressWarnings("unchecked") // Checked: the stored table was built with this very schema.
  public <E> LocalTable<E> get(TableSchema<E> schema) {
    LocalTable<?> table = get(schema.tableName());
    if (table.schema() != schema) {
      throw new IllegalArgumentException("table " + schema.tableName() + " has another schema");
    }
    return (LocalTable<E>) table;
  }

  /** Every table, in the order the schemas were given. */
  public Collection<LocalTable<?>> all() {
    return Collections.unmodifiableCollection(byName.values());
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }
}
