package dev.remise.admin.metadata;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.rpc.NodeAddressedTarget;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcClients;
import dev.remise.rpc.TableClient;
import dev.remise.rpc.TablePlacement;
import dev.remise.rpc.TableRpc;
import dev.remise.table.TableSchema;
import feign.micrometer.MicrometerCapability;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link MetadataClient} over the metadata nodes' internal table RPC: quorum reads and writes
 * placed by the cluster layout ({@link TableClient}).
 */
public final class RpcMetadataClient implements MetadataClient {
  private final TableClient tables;
  private final TablePlacement placement;

  /**
   * @param placement the placement {@code tables} uses, which also says who stores what
   */
  public RpcMetadataClient(TableClient tables, TablePlacement placement) {
    this.tables = tables;
    this.placement = placement;
  }

  /**
   * A plain Feign client, not a Spring Cloud one: calls go to explicit node addresses (an empty
   * target, see {@link NodeAddressedTarget}), never through service-name load balancing. Feign
   * never retries by itself: the quorum logic asks another node instead. A 404 is an absent entry,
   * not an error.
   */
  public static RpcMetadataClient create(
      TablePlacement placement, RpcAuth auth, Duration timeout, MeterRegistry registry) {
    TableRpc rpc =
        RpcClients.builder(auth, timeout, timeout)
            .dismiss404()
            .addCapability(new MicrometerCapability(registry))
            .target(new NodeAddressedTarget<>(TableRpc.class, "metadata-node"));
    return new RpcMetadataClient(new TableClient(rpc, placement), placement);
  }

  @Override
  public <E> Optional<E> get(TableSchema<E> table, Hash partition, byte[] sortKey) {
    return tables.get(table, partition, sortKey);
  }

  @Override
  public <E> void insert(TableSchema<E> table, E entry) {
    tables.insert(table, entry);
  }

  @Override
  public List<NodeId> storageNodes(TableSchema<?> table, int partition) {
    return TableClient.replicationOf(table).storageNodes(placement.view(), partition);
  }

  @Override
  public <E> List<E> range(TableSchema<E> table, Hash partition, byte[] start, int limit) {
    return tables.getRange(table, partition, start, null, null, limit, false);
  }
}
