package dev.remise.layout;

import dev.remise.core.NodeId;
import dev.remise.core.Timestamps;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * The changes staged for the next layout version, a CRDT so that changes staged concurrently (by
 * two operators, or on two nodes) merge instead of overwriting each other, as in Garage's {@code
 * Lww<LayoutStaging>} (garage-internals §1.5):
 *
 * <ul>
 *   <li>{@code roles}: per node, the last role change written (last-writer-wins per node);
 *   <li>{@code metadata}, {@code block}: each ring's parameters for the next version, a
 *       last-writer-wins register each. They always hold a value: after an apply or a revert they
 *       hold the parameters in force, so "staged" means "differs from the current version";
 *   <li>{@code epoch}: when the staging was last cleared (apply or revert). The whole staging is a
 *       last-writer-wins register over its epoch: a clear wins over every change staged before it,
 *       even one that reaches this replica later; staging under the same epoch merges entry by
 *       entry.
 * </ul>
 *
 * Two writes with equal timestamps keep the value whose encoding is larger, an arbitrary but total
 * order, so that every replica keeps the same one.
 */
public record LayoutStaging(
    long epoch,
    LwwMap<NodeId, RoleChange> roles,
    Lww<RingParameters> metadata,
    Lww<RingParameters> block) {

  /** Nothing staged yet: the parameters of the rings in force, at time zero. */
  public static LayoutStaging initial(RingParameters metadata, RingParameters block) {
    return new LayoutStaging(0, LwwMap.empty(), new Lww<>(0, metadata), new Lww<>(0, block));
  }

  public Lww<RingParameters> parameters(Ring ring) {
    return switch (ring) {
      case METADATA -> metadata;
      case BLOCK -> block;
    };
  }

  /** The staged role changes, by node. */
  public Map<NodeId, RoleChange> roleChanges() {
    Map<NodeId, RoleChange> changes = new TreeMap<>();
    roles.entries().forEach((node, lww) -> changes.put(node, lww.value()));
    return changes;
  }

  /** Stages {@code change} for {@code node}, replacing what was staged for it. */
  public LayoutStaging stage(NodeId node, RoleChange change, InstantSource clock) {
    return new LayoutStaging(epoch, roles.put(node, change, clock), metadata, block);
  }

  public LayoutStaging stageParameters(Ring ring, RingParameters parameters, InstantSource clock) {
    Lww<RingParameters> updated = parameters(ring).update(parameters, clock);
    return switch (ring) {
      case METADATA -> new LayoutStaging(epoch, roles, updated, block);
      case BLOCK -> new LayoutStaging(epoch, roles, metadata, updated);
    };
  }

  /**
   * Clears the role changes under a new epoch, which wins over everything staged under this one;
   * the rings' parameters become {@code metadata} and {@code block}.
   */
  public LayoutStaging clear(
      RingParameters metadataParameters, RingParameters blockParameters, InstantSource clock) {
    // Registers restart under the new epoch: timestamps are only compared within one epoch.
    long next = Timestamps.next(epoch, clock);
    return new LayoutStaging(
        next,
        LwwMap.empty(),
        new Lww<>(next, metadataParameters),
        new Lww<>(next, blockParameters));
  }

  /** The later epoch wins whole; under one epoch, every register merges on its own. */
  public LayoutStaging merge(LayoutStaging other) {
    if (epoch != other.epoch) {
      return epoch > other.epoch ? this : other;
    }
    return new LayoutStaging(
        epoch,
        roles.merge(other.roles, largerEncoding(LayoutCodec::encode)),
        metadata.merge(other.metadata, largerEncoding(LayoutCodec::encode)),
        block.merge(other.block, largerEncoding(LayoutCodec::encode)));
  }

  private static <T> BinaryOperator<T> largerEncoding(Function<T, byte[]> encoding) {
    return (a, b) -> Arrays.compareUnsigned(encoding.apply(a), encoding.apply(b)) >= 0 ? a : b;
  }
}
