package dev.remise.metadata.table;

import dev.remise.table.TableSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables this node serves, by name: what the table RPCs and the insert queue worker resolve a
 * table name against. Which schemas a node serves is decided by whoever builds it (the metadata
 * node's configuration), not here.
 */
public final class Tables {
  private final Map<String, LocalTable<?>> byName = new LinkedHashMap<>();

  public Tables(MetadataStore store, PersistentInsertQueue queue, List<TableSchema<?>> schemas) {
    for (TableSchema<?> schema : schemas) {
      LocalTable<?> table = open(store, schema, queue);
      if (byName.putIfAbsent(table.name(), table) != null) {
        throw new IllegalArgumentException("two schemas named " + table.name());
      }
    }
  }

  /**
   * The column families a store must open to hold {@code schemas}: each table's own, and the shared
   * insert queue.
   */
  public static List<String> columnFamilies(List<TableSchema<?>> schemas) {
    List<String> families = new ArrayList<>();
    schemas.forEach(s -> families.add(LocalTable.familyName(s.tableName())));
    families.add(PersistentInsertQueue.FAMILY);
    return families;
  }

  private static <E> LocalTable<E> open(
      MetadataStore store, TableSchema<E> schema, PersistentInsertQueue queue) {
    return new LocalTable<>(store, schema, queue);
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

  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }
}
