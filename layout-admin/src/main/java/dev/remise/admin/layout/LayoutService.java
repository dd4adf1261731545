package dev.remise.admin.layout;

import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutException;
import dev.remise.layout.LayoutFile;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutPreview;
import dev.remise.layout.NodeRole;
import dev.remise.layout.Ring;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster layout as layout-admin owns it: one {@link LayoutHistory}, changed by the admin API
 * (stage, preview, apply, revert) and persisted before every answer ({@link LayoutFile}), so an
 * acknowledged change survives a restart. Operations are serialised: each reads the history,
 * computes the next one, writes it, and only then makes it visible, so a failed write changes
 * nothing.
 *
 * <p>A new cluster starts at version 0 with three copies in as many zones as possible for both
 * rings. A single node bootstraps itself ({@link #bootstrapSingleNode}): the node takes both rings
 * with one copy, as version 1.
 */
public final class LayoutService {
  private static final Logger LOG = LoggerFactory.getLogger(LayoutService.class);
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");
  private static final RingParameters SINGLE_NODE =
      new RingParameters(1, ZoneRedundancy.atLeast(1));

  private final LayoutFile file;
  private final InstantSource clock;
  private LayoutHistory history;

  private LayoutService(LayoutFile file, InstantSource clock, LayoutHistory history) {
    this.file = file;
    this.clock = clock;
    this.history = history;
  }

  /**
   * Loads the history kept in {@code dataDir}, or starts a new cluster whose rings both get {@code
   * defaults} until the operator stages other parameters.
   */
  public static LayoutService open(Path dataDir, InstantSource clock, RingParameters defaults)
      throws IOException {
    LayoutFile file = new LayoutFile(dataDir);
    LayoutHistory history = file.load().orElseGet(() -> LayoutHistory.initial(defaults, defaults));
    LOG.info(
        "cluster layout version {} ({})",
        history.current().version(),
        file.path().toAbsolutePath());
    return new LayoutService(file, clock, history);
  }

  public synchronized LayoutHistory history() {
    return history;
  }

  /**
   * Stages role changes and ring parameters, all or none: every node is resolved and every value
   * checked before anything is staged.
   *
   * @throws AdminException for an unknown or ambiguous node, a node named twice, a capacity of
   *     zero, or a zone redundancy above the replication factor
   */
  public synchronized LayoutHistory update(
      List<RoleUpdate> roles, Map<Ring, RingParametersUpdate> parameters) {
    Map<NodeId, RoleChange> changes = new LinkedHashMap<>();
    for (RoleUpdate update : roles) {
      NodeId node = resolveNode(update.node());
      if (update.change() instanceof RoleChange.Assign(NodeRole role)
          && role.capacity().isPresent()
          && role.capacity().getAsLong() <= 0) {
        throw invalid(
            "node %s: capacity must be a positive number of bytes (or null for a gateway)"
                .formatted(node.shortHex()));
      }
      if (changes.put(node, update.change()) != null) {
        throw invalid(
            "node " + node.hex() + " is named twice in one update: give one change per node");
      }
    }
    Map<Ring, RingParameters> staged = new EnumMap<>(Ring.class);
    parameters.forEach((ring, update) -> staged.put(ring, stagedParameters(ring, update)));
    LayoutHistory next = history.stage(changes, clock);
    for (Map.Entry<Ring, RingParameters> p : staged.entrySet()) {
      next = next.stageParameters(p.getKey(), p.getValue(), clock);
    }
    return save(next);
  }

  /** What applying the staged changes would give, or why it cannot be computed. */
  public sealed interface Preview {
    record Computed(LayoutPreview preview) implements Preview {}

    record Impossible(LayoutException reason) implements Preview {}
  }

  /**
   * Computes the next version without applying it. An impossible layout is an answer here, not a
   * failure, as in Garage's PreviewClusterLayoutChanges.
   *
   * @throws dev.remise.layout.LayoutUpdateException when nothing is staged
   */
  public synchronized Preview preview() {
    try {
      return new Preview.Computed(history.preview());
    } catch (LayoutException e) {
      return new Preview.Impossible(e);
    }
  }

  /**
   * Applies the staged changes as {@code version}, which must be the current version + 1.
   *
   * @throws dev.remise.layout.LayoutUpdateException on a wrong version number or nothing staged
   * @throws LayoutException when the staged layout cannot be computed
   */
  public synchronized LayoutHistory.Applied apply(long version) {
    LayoutHistory.Applied applied = history.apply(version, clock);
    save(applied.history());
    LOG.info(
        "applied cluster layout version {}: {} partition copies to move",
        version,
        applied.change().newCopies());
    return applied;
  }

  public synchronized LayoutHistory revert() {
    return save(history.revert(clock));
  }

  /**
   * Merges a node's history into this one: the node's tracker progress, or, after layout-admin lost
   * its directory, every version the cluster had. Versions this history lacks must pass the layout
   * check first, or the whole history is refused.
   *
   * @return true when this history changed
   * @throws dev.remise.layout.LayoutRejectedException when a new version fails the check
   */
  public synchronized boolean merge(LayoutHistory received) {
    List<Long> conflicts = history.conflictingVersions(received);
    if (!conflicts.isEmpty()) {
      // Two applies under one number on replicas that never saw each other: the merge still
      // converges (the smaller digest wins), but an operator must know.
      LOG.error(
          "a node holds layout versions {} that differ from this layout-admin's; keeping the one"
              + " with the smaller digest. Two layout-admins applied changes on their own?",
          conflicts);
    }
    LayoutHistory merged = history.mergeChecked(received);
    if (merged.digest().equals(history.digest())) {
      return false;
    }
    long before = history.current().version();
    save(merged);
    if (merged.current().version() != before) {
      LOG.info(
          "cluster layout version {} learnt from a node (was {})",
          merged.current().version(),
          before);
    }
    return true;
  }

  /**
   * Garage's {@code skip-dead-nodes}: raises the trackers of nodes that cannot report so that a
   * layout transition can finish ({@link LayoutHistory#skipDeadNodes}).
   *
   * @throws AdminException when nothing was left to raise, with Garage's advice
   * @throws dev.remise.layout.LayoutUpdateException when one version is active or the version is
   *     out of range
   */
  public synchronized LayoutHistory.SkippedDeadNodes skipDeadNodes(
      long version, boolean allowMissingData, Predicate<NodeId> isUp) {
    LayoutHistory.SkippedDeadNodes skipped = history.skipDeadNodes(version, allowMissingData, isUp);
    if (!skipped.changedSomething()) {
      throw invalid(
          allowMissingData
              ? "Nothing was done: every tracker is already at version %d. Wait for the nodes to finish syncing; GetClusterLayoutHistory shows who is behind."
                  .formatted(version)
              : "Nothing was done: no down node is behind version %d. Pass allowMissingData to force progress even when not enough nodes can complete a metadata sync."
                  .formatted(version));
    }
    save(skipped.history());
    LOG.warn(
        "skip-dead-nodes to version {}: ack raised for {}, sync raised for {}",
        version,
        skipped.ackUpdated().stream().map(NodeId::shortHex).toList(),
        skipped.syncUpdated().stream().map(NodeId::shortHex).toList());
    return skipped;
  }

  /**
   * Gives a single node both rings with one copy, as version 1, on a cluster that has no layout
   * yet; a cluster with a layout is left alone, so a restart changes nothing. Anything staged
   * before (on a cluster that never applied a layout) is dropped.
   */
  public synchronized void bootstrapSingleNode(NodeId node, String zone, long capacity) {
    if (history.current().version() != 0) {
      return;
    }
    if (capacity <= 0) {
      throw new IllegalArgumentException("the bootstrap node needs a positive capacity");
    }
    LayoutHistory staged =
        history
            .revert(clock)
            .stageParameters(Ring.METADATA, SINGLE_NODE, clock)
            .stageParameters(Ring.BLOCK, SINGLE_NODE, clock)
            .stage(Map.of(node, RoleChange.assign(NodeRole.storage(zone, capacity))), clock);
    save(staged.apply(1, clock).history());
    LOG.info(
        "single-node layout: node {} in zone {} holds every partition (version 1)",
        node.shortHex(),
        zone);
  }

  /**
   * The node an operator means: a full id (64 hex digits) is taken as is, known or not, since that
   * is how a new node joins; a shorter prefix must match exactly one known node (one with a role in
   * an active version, or a staged change), as Garage's node lookup.
   */
  public synchronized NodeId resolveNode(String given) {
    String hex = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
    if (!HEX.matcher(hex).matches()) {
      throw invalid(
          "invalid node id \"%s\": a node id is 64 hex digits (a unique prefix of a known node's id will do)"
              .formatted(given));
    }
    if (hex.length() == 2 * NodeId.LENGTH) {
      return NodeId.fromHex(hex);
    }
    Set<NodeId> known = new TreeSet<>(history.activeNodes());
    known.addAll(history.stagedRoles().keySet());
    List<NodeId> matches = known.stream().filter(id -> id.hex().startsWith(hex)).toList();
    if (matches.isEmpty()) {
      throw invalid(
          "no known node has an id starting with %s: give the full 64-hex-digit id of a new node"
              .formatted(hex));
    }
    if (matches.size() > 1) {
      throw invalid(
          "node id prefix %s is ambiguous, it matches %s: give more digits"
              .formatted(hex, matches.stream().map(NodeId::hex).toList()));
    }
    return matches.getFirst();
  }

  private RingParameters stagedParameters(Ring ring, RingParametersUpdate update) {
    RingParameters staged = history.stagedParameters(ring);
    int rf =
        update.replicationFactor() == null
            ? staged.replicationFactor()
            : update.replicationFactor();
    ZoneRedundancy zr =
        update.zoneRedundancy() == null ? staged.zoneRedundancy() : update.zoneRedundancy();
    if (rf < 1) {
      throw invalid(
          "the %s ring's replication factor must be at least 1, got %d"
              .formatted(ring.label(), rf));
    }
    if (zr instanceof ZoneRedundancy.AtLeast(int zones) && zones > rf) {
      throw invalid(
          "the %s ring's zone redundancy %d exceeds its replication factor %d: set a zone redundancy between 1 and %d, or \"maximum\""
              .formatted(ring.label(), zones, rf, rf));
    }
    return new RingParameters(rf, zr);
  }

  private LayoutHistory save(LayoutHistory next) {
    try {
      file.save(next);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the layout history to " + file.path(), e);
    }
    history = next;
    return next;
  }

  private static AdminException invalid(String message) {
    return new AdminException(AdminError.INVALID_REQUEST, message);
  }
}
