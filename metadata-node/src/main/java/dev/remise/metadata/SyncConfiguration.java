package dev.remise.metadata;

import dev.remise.core.background.WorkerRunner;
import dev.remise.metadata.sync.TableSyncer;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.MerkleUpdater;
import dev.remise.metadata.table.Tables;
import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcClients;
import dev.remise.rpc.SyncRpc;
import feign.micrometer.MicrometerCapability;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Merkle trees and anti-entropy: the worker that folds table changes into the tries, the client of
 * the peers' {@link SyncRpc}, and the table syncer that compares tries with the partition's other
 * storage nodes and pushes what they lack.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AntiEntropyProperties.class)
class SyncConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(SyncConfiguration.class);

  /** The role name peers' metadata addresses are announced under. */
  static final String ROLE = "metadata-node";

  /** A peer that does not accept the connection this fast is counted as failed for this pass. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * One message is at most a trie node or 256 entries (1024 when offloading), merged one
   * transaction each: far below this. A failure only fails the partition until the next pass.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** Closed before the store (it depends on the tables, which depend on the store). */
  @Bean(destroyMethod = "close")
  WorkerRunner merkleUpdater(Tables tables, AntiEntropyProperties properties) {
    WorkerRunner runner =
        new WorkerRunner(new MerkleUpdater(tables), properties.merkleUpdaterInterval());
    for (LocalTable<?> table : tables.all()) {
      table.merkle().onTodo(runner::wake);
    }
    // The first step applies whatever a previous run left to do.
    return runner.start();
  }

  /** A client of peers' {@link SyncRpc}; a failed call fails the partition until the next pass. */
  @Bean
  SyncRpc syncRpc(RpcAuth auth, MeterRegistry registry) {
    return RpcClients.builder(auth, CONNECT_TIMEOUT, READ_TIMEOUT)
        .addCapability(new MicrometerCapability(registry))
        .target(new NodeAddressedTarget<>(SyncRpc.class, ROLE));
  }

  @Bean
  TableSyncer tableSyncer(
      Tables tables,
      NodeLayout layout,
      SyncRpc syncRpc,
      AntiEntropyProperties properties,
      InstantSource clock) {
    AtomicLong reported = new AtomicLong(-1);
    return new TableSyncer(
        tables,
        layout.self(),
        layout::history,
        node -> layout.address(node, ROLE),
        syncRpc,
        schedule(properties),
        clock,
        // A complete pass raises this node's sync tracker, which lets reads move to a new layout
        // version and old versions retire.
        version -> {
          if (reported.getAndSet(version) != version) {
            LOG.info("every table is synced at layout version {}", version);
          }
          layout.markSynced(version);
        });
  }

  /** Runs the syncer, and wakes it when the layout changes so a new pass starts at once. */
  @Bean(destroyMethod = "close")
  WorkerRunner tableSyncerRunner(
      TableSyncer syncer, NodeLayout layout, AntiEntropyProperties properties) {
    WorkerRunner runner = new WorkerRunner(syncer, schedule(properties).tick());
    layout.onChange(runner::wake);
    return runner.start();
  }

  private static TableSyncer.Schedule schedule(AntiEntropyProperties properties) {
    return new TableSyncer.Schedule(
        properties.antiEntropyInterval(),
        properties.fullCopyAntiEntropyInterval(),
        properties.antiEntropyFirstDelay());
  }
}
