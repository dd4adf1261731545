package dev.remise.rpc;

import dev.remise.core.NodeId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What a node tells layout-admin every few seconds ({@link ClusterRpc#heartbeat}): who it is, which
 * role sent it, where that role answers, and how much disk it has left. Garage's nodes gossip the
 * same facts in {@code AdvertiseStatus}; here they go to layout-admin, which keeps the registry.
 * One process running several roles sends one heartbeat per role under the same id; the registry
 * merges them into one node.
 *
 * @param id the node's identity, 64 hex digits on the wire
 * @param role one of {@link #ROLES}
 * @param address base URL of the role's internal RPC (storage roles) or client API (gateways)
 * @param hostname the machine's host name, for operators
 * @param version the Remise version the role runs
 * @param layoutVersion the current version of the layout history the role holds ({@link
 *     NodeLayout}), 0 before it received one
 * @param zoneHint the zone the operator suggested for this node, or null
 * @param dataAvailable bytes left on the data partition, or null when the role stores no blocks
 * @param dataTotal size of the data partition, or null
 * @param metaAvailable bytes left on the metadata partition, or null when the role stores no table
 * @param metaTotal size of the metadata partition, or null
 */
public record Heartbeat(
    NodeId id,
    String role,
    String address,
    String hostname,
    String version,
    long layoutVersion,
    String zoneHint,
    Long dataAvailable,
    Long dataTotal,
    Long metaAvailable,
    Long metaTotal) {

  public static final Set<String> ROLES =
      Set.of("metadata-node", "block-node", "gateway-s3", "gateway-k2v", "single-node");

  /** Reported when the jar carries no version (a build from the IDE or the test classpath). */
  public static final String DEVELOPMENT_VERSION = "0.1.0-SNAPSHOT";

  public Heartbeat {
    if (id == null) {
      throw new IllegalArgumentException("a heartbeat needs the node id");
    }
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("unknown role " + role + ", expected one of " + ROLES);
    }
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("a heartbeat needs the role's address");
    }
    if (layoutVersion < 0) {
      throw new IllegalArgumentException("layoutVersion must not be negative");
    }
  }

  /**
   * A heartbeat for this moment: host name, version and the free space of {@code dataDir} and
   * {@code metaDir} (either may be null for a role that has none) read now, since disks fill up
   * between two heartbeats.
   */
  public static Heartbeat measure(
      NodeId id,
      String role,
      String address,
      long layoutVersion,
      String zoneHint,
      Path dataDir,
      Path metaDir) {
    Space data = Space.of(dataDir);
    Space meta = Space.of(metaDir);
    return new Heartbeat(
        id,
        role,
        address,
        localHostname(),
        runningVersion(),
        layoutVersion,
        zoneHint,
        data.available(),
        data.total(),
        meta.available(),
        meta.total());
  }

  static String runningVersion() {
    String v = Heartbeat.class.getPackage().getImplementationVersion();
    return v == null ? DEVELOPMENT_VERSION : v;
  }

  private static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Free and total bytes of a directory's file system; both null when unknown. */
  private record Space(Long available, Long total) {
    static Space of(Path dir) {
      if (dir == null) {
        return new Space(null, null);
      }
      try {
        // The directory may not exist yet on the very first beat; its parent tells the same disk.
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
          existing = existing.getParent();
        }
        if (existing == null) {
          return new Space(null, null);
        }
        FileStore store = Files.getFileStore(existing);
        return new Space(store.getUsableSpace(), store.getTotalSpace());
      } catch (IOException e) {
        return new Space(null, null);
      }
    }
  }
}
