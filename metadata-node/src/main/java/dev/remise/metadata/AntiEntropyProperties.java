package dev.remise.metadata;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Merkle trees and anti-entropy, under the node's own prefix {@code remise.metadata.*}
 * (environment: {@code REMISE_METADATA_*}), in a record of their own so the sync machinery can be
 * configured and read on its own.
 *
 * @param antiEntropyInterval between two full syncs of the sharded tables. Default {@code 10m}, as
 *     Garage's {@code ANTI_ENTROPY_INTERVAL}; a layout change also starts one at once.
 * @param fullCopyAntiEntropyInterval between two full syncs of the full-copy tables (bucket,
 *     bucket_alias, key). Default {@code 10s}, as Garage v2: they are small, and read from a read
 *     quorum only, so a node that missed a write should catch up fast.
 * @param antiEntropyFirstDelay from start to the first sync. Default {@code 20s}, as Garage, so a
 *     starting node first hears from the cluster.
 * @param merkleUpdaterInterval how often the Merkle updater looks for changes when nothing woke it.
 *     Default {@code 60s}, as Garage.
 */
@ConfigurationProperties("remise.metadata")
public record AntiEntropyProperties(
    @DefaultValue("10m") Duration antiEntropyInterval,
    @DefaultValue("10s") Duration fullCopyAntiEntropyInterval,
    @DefaultValue("20s") Duration antiEntropyFirstDelay,
    @DefaultValue("60s") Duration merkleUpdaterInterval) {

  public AntiEntropyProperties {
    if (!antiEntropyInterval.isPositive()) {
      throw new IllegalArgumentException("remise.metadata.anti-entropy-interval must be positive");
    }
    if (!fullCopyAntiEntropyInterval.isPositive()) {
      throw new IllegalArgumentException(
          "remise.metadata.full-copy-anti-entropy-interval must be positive");
    }
    if (antiEntropyFirstDelay.isNegative()) {
      throw new IllegalArgumentException(
          "remise.metadata.anti-entropy-first-delay must not be negative");
    }
    if (!merkleUpdaterInterval.isPositive()) {
      throw new IllegalArgumentException(
          "remise.metadata.merkle-updater-interval must be positive");
    }
  }
}
