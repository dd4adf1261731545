package dev.remise.metadata;

import dev.remise.core.background.WorkerRunner;
import dev.remise.metadata.table.BlockRefSink;
import dev.remise.metadata.table.InsertQueueWorker;
import dev.remise.metadata.table.LocalCounters;
import dev.remise.metadata.table.MetadataStore;
import dev.remise.metadata.table.PersistentInsertQueue;
import dev.remise.metadata.table.Tables;
import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.counter.CounterTable;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.VersionTable;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.TableClient;
import dev.remise.table.TableSchema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the table engine: the RocksDB store, the shared insert queue, the tables this node serves
 * and the worker that drains the queue. Spring only wires; the engine is plain Java.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

  /**
   * What a metadata node stores (Garage: the sharded object, version and multipart_upload tables,
   * and the full-copy bucket, alias and key tables), with the sharded counter tables the object and
   * upload entries are counted into. block_ref lives on block nodes; K2V comes with a later issue.
   */
  static final List<TableSchema<?>> SERVED_TABLES =
      List.of(
          ObjectTable.INSTANCE,
          VersionTable.INSTANCE,
          MultipartUploadTable.INSTANCE,
          CounterTable.BUCKET_OBJECT_COUNTER,
          CounterTable.BUCKET_MPU_COUNTER,
          BucketTable.INSTANCE,
          BucketAliasTable.INSTANCE,
          KeyTable.INSTANCE);

  @Bean(destroyMethod = "close")
  MetadataStore metadataStore(MetadataNodeProperties properties) throws IOException {
    return MetadataStore.open(
        properties.metadataDir(), properties.metadataFsync(), Tables.columnFamilies(SERVED_TABLES));
  }

  @Bean
  PersistentInsertQueue insertQueue(MetadataStore store) {
    return new PersistentInsertQueue(store);
  }

  /** This node's own totals of the index counters, published under its layout node id. */
  @Bean
  LocalCounters localCounters(MetadataStore store, NodeLayout layout, InstantSource clock) {
    return new LocalCounters(store, layout.self(), clock);
  }

  @Bean
  Tables tables(
      MetadataStore store,
      PersistentInsertQueue queue,
      LocalCounters counters,
      InstantSource clock) {
    return new Tables(store, queue, counters, SERVED_TABLES, Tables::declaredReplication, clock);
  }

  /** Closed before the store it writes to, since it depends on it. */
  @Bean(destroyMethod = "close")
  WorkerRunner insertQueueWorker(
      PersistentInsertQueue queue,
      Tables tables,
      TableClient tableClient,
      BlockRefSink blockRefs,
      MetadataNodeProperties properties) {
    WorkerRunner runner =
        new WorkerRunner(
            new InsertQueueWorker(queue, tables, tableClient, blockRefs),
            properties.insertQueueInterval());
    queue.onQueued(runner::wake);
    // The first step delivers whatever a previous run left queued.
    return runner.start();
  }

  /** Garage's {@code table_insert_queue_length}, per target table. */
  @Bean
  MeterBinder insertQueueMetrics(PersistentInsertQueue queue, Tables tables) {
    List<String> targets = new ArrayList<>(tables.names());
    targets.add(BlockRefTable.INSTANCE.tableName());
    return registry ->
        targets.forEach(
            target ->
                Gauge.builder("table_insert_queue_length", queue, q -> q.length(target))
                    .description("Entries waiting in the insert queue to be written to a table")
                    .tag("table_name", target)
                    .register(registry));
  }
}
