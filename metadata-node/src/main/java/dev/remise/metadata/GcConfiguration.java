package dev.remise.metadata;

import dev.remise.core.background.WorkerRunner;
import dev.remise.metadata.gc.TableGc;
import dev.remise.metadata.table.Tables;
import dev.remise.rpc.GcRpc;
import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcClients;
import dev.remise.rpc.TableRpc;
import feign.micrometer.MicrometerCapability;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Table GC: the worker that removes tombstones once every replica holds them. */
@Configuration(proxyBeanMethods = false)
class GcConfiguration {
  /** How often the worker looks for due tombstones when it has nothing else to do. */
  static final Duration MAX_IDLE = Duration.ofMinutes(1);

  @Bean
  GcRpc gcRpc(RpcAuth auth, MeterRegistry registry) {
    return RpcClients.builder(auth, RpcConfiguration.CONNECT_TIMEOUT, RpcConfiguration.READ_TIMEOUT)
        .addCapability(new MicrometerCapability(registry))
        .target(new NodeAddressedTarget<>(GcRpc.class, "metadata-node"));
  }

  /** Closed before the store (it depends on the tables, which depend on the store). */
  @Bean(destroyMethod = "close")
  WorkerRunner tableGc(
      Tables tables,
      NodeLayout layout,
      TableRpc tableRpc,
      GcRpc gcRpc,
      InstantSource clock,
      MetadataNodeProperties properties) {
    Duration delay = properties.tableGcDelay();
    TableGc gc =
        new TableGc(
            tables,
            layout.self(),
            layout::history,
            node -> layout.address(node, "metadata-node"),
            tableRpc,
            gcRpc,
            clock,
            delay);
    Duration idle = delay.compareTo(MAX_IDLE) < 0 && !delay.isZero() ? delay : MAX_IDLE;
    return new WorkerRunner(gc, idle).start();
  }
}
