package dev.remise.metadata.table;

import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.VersionTable;
import dev.remise.replication.Replication;
import dev.remise.table.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;

/** A metadata store on a temporary directory with the tables of a metadata node. */
final class StoreFixture implements AutoCloseable {
  static final List<TableSchema<?>> SCHEMAS =
      List.of(
          ObjectTable.INSTANCE,
          VersionTable.INSTANCE,
          BucketTable.INSTANCE,
          BucketAliasTable.INSTANCE,
          KeyTable.INSTANCE);

  final MetadataStore store;
  final PersistentInsertQueue queue;
  final Tables tables;

  StoreFixture(Path dir) throws IOException {
    this(dir, SCHEMAS);
  }

  StoreFixture(Path dir, List<TableSchema<?>> schemas) throws IOException {
    this(dir, schemas, Tables::declaredReplication, InstantSource.system());
  }

  StoreFixture(
      Path dir,
      List<TableSchema<?>> schemas,
      Function<TableSchema<?>, Replication> replication,
      InstantSource clock)
      throws IOException {
    store = MetadataStore.open(dir, false, Tables.columnFamilies(schemas));
    queue = new PersistentInsertQueue(store);
    tables = new Tables(store, queue, schemas, replication, clock);
  }

  <E> LocalTable<E> table(TableSchema<E> schema) {
    return tables.get(schema);
  }

  @Override
  public void close() {
    store.close();
  }
}
