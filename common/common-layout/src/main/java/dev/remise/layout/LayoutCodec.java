package dev.remise.layout;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.crdt.Lww;
import dev.remise.crdt.LwwMap;
import dev.remise.layout.UpdateTrackers.Tracker;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.MalformedEntryException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The deterministic binary encoding of a {@link LayoutHistory}, for the file layout-admin and the
 * nodes persist and for the digests that tell two replicas apart. Equal histories encode to equal
 * bytes: maps are written in key order (node ids ascending, versions ascending), rings in the order
 * metadata then block, and nothing depends on the encoding node.
 *
 * <p>It starts with the marker {@code "RLYH"} and a format number, so that a file from another
 * program or a later format is refused with a clear message instead of decoded as garbage (Garage
 * marks its file {@code G010lh} for the same reason). Format 1:
 *
 * <pre>
 * history    = "RLYH" u8:1  i64:activeFrom  list(version)  trackers  staging
 * version    = i64:number  list(id role)  params:metadata  params:block  ring:metadata  ring:block
 * role       = string:zone  bool [i64:capacity]  list(string:tag)  u8:rings (bit 0 metadata, bit 1 block)
 * params     = i32:replicationFactor  redundancy
 * redundancy = u8:0 (maximum) | u8:1 i32:zones (at least)
 * ring       = list(id)  i32:replicationFactor  i32:zoneRedundancy  i64:partitionSize  bytes:assignment
 * trackers   = list(id i64) ×3 (ack, sync, syncAck)
 * staging    = i64:epoch  list(id i64:timestamp change)  i64:timestamp params  i64:timestamp params
 * change     = u8:0 (remove) | u8:1 role
 * id         = 32 raw bytes;  list(x) = i32:count x...;  integers big-endian
 * </pre>
 */
public final class LayoutCodec {
  private static final byte[] MARKER = {'R', 'L', 'Y', 'H'};
  private static final int FORMAT = 1;

  private LayoutCodec() {}

  public static byte[] encode(LayoutHistory history) {
    EntryWriter w = new EntryWriter().raw(MARKER).u8(FORMAT).i64(history.activeFrom());
    w.list(history.versions().values(), LayoutCodec::writeVersion);
    for (Tracker tracker : Tracker.values()) {
      w.list(history.trackers().map(tracker).entrySet(), LayoutCodec::writeTrackerEntry);
    }
    writeStaging(w, history.staging());
    return w.toByteArray();
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws MalformedEntryException when the bytes are not a layout history of a known format
   */
  public static LayoutHistory decode(byte[] bytes) {
    if (bytes.length < MARKER.length + 1
        || !Arrays.equals(bytes, 0, MARKER.length, MARKER, 0, MARKER.length)) {
      throw new MalformedEntryException("not a Remise layout history (no RLYH marker)");
    }
    EntryReader r = new EntryReader(bytes, MARKER.length);
    int format = r.u8();
    if (format != FORMAT) {
      throw new MalformedEntryException(
          "layout history format " + format + " is not known to this version (it reads format 1)");
    }
    try {
      long activeFrom = r.i64();
      TreeMap<Long, LayoutVersion> versions = new TreeMap<>();
      for (LayoutVersion v : r.list(LayoutCodec::readVersion)) {
        if (versions.put(v.version(), v) != null) {
          throw new MalformedEntryException("layout version " + v.version() + " appears twice");
        }
      }
      UpdateTrackers trackers = new UpdateTrackers(readTracker(r), readTracker(r), readTracker(r));
      LayoutStaging staging = readStaging(r);
      r.expectEnd();
      return new LayoutHistory(versions, activeFrom, trackers, staging);
    } catch (IllegalArgumentException e) {
      // A constructor refused what was decoded: the bytes are corrupt, not the caller's mistake.
      throw new MalformedEntryException("invalid layout history: " + e.getMessage());
    }
  }

  /** BLAKE2 of the encoding: equal digests mean equal histories. */
  public static Hash digest(LayoutHistory history) {
    return Blake2.sum(encode(history));
  }

  /** BLAKE2 of one version's encoding. */
  public static Hash digest(LayoutVersion version) {
    EntryWriter w = new EntryWriter();
    writeVersion(w, version);
    return Blake2.sum(w.toByteArray());
  }

  static byte[] encode(RoleChange change) {
    EntryWriter w = new EntryWriter();
    writeChange(w, change);
    return w.toByteArray();
  }

  static byte[] encode(RingParameters parameters) {
    EntryWriter w = new EntryWriter();
    writeParameters(w, parameters);
    return w.toByteArray();
  }

  // ---- Versions ----

  private static void writeVersion(EntryWriter w, LayoutVersion v) {
    w.i64(v.version());
    w.list(
        v.roles().entrySet(),
        (out, e) -> {
          writeId(out, e.getKey());
          writeRole(out, e.getValue());
        });
    writeParameters(w, v.metadata());
    writeParameters(w, v.block());
    writeRing(w, v.metadataRing());
    writeRing(w, v.blockRing());
  }

  private static LayoutVersion readVersion(EntryReader r) {
    long number = r.i64();
    Map<NodeId, NodeRole> roles = new TreeMap<>();
    int count = r.count();
    for (int i = 0; i < count; i++) {
      NodeId id = readId(r);
      if (roles.put(id, readRole(r)) != null) {
        throw new MalformedEntryException("node " + id.shortHex() + " has two roles");
      }
    }
    RingParameters metadata = readParameters(r);
    RingParameters block = readParameters(r);
    RingLayout metadataRing = readRing(r, Ring.METADATA);
    RingLayout blockRing = readRing(r, Ring.BLOCK);
    return new LayoutVersion(number, roles, metadata, block, metadataRing, blockRing);
  }

  private static void writeRole(EntryWriter w, NodeRole role) {
    w.string(role.zone());
    w.bool(role.capacity().isPresent());
    if (role.capacity().isPresent()) {
      w.i64(role.capacity().getAsLong());
    }
    w.list(role.tags(), EntryWriter::string);
    int rings = 0;
    for (Ring ring : role.rings()) {
      rings |= 1 << ring.ordinal();
    }
    w.u8(rings);
  }

  private static NodeRole readRole(EntryReader r) {
    String zone = r.string();
    OptionalLong capacity = r.bool() ? OptionalLong.of(r.i64()) : OptionalLong.empty();
    List<String> tags = r.list(EntryReader::string);
    int bits = r.u8();
    if (bits >= 1 << Ring.values().length) {
      throw new MalformedEntryException("unknown rings in role: " + bits);
    }
    Set<Ring> rings = EnumSet.noneOf(Ring.class);
    for (Ring ring : Ring.values()) {
      if ((bits & 1 << ring.ordinal()) != 0) {
        rings.add(ring);
      }
    }
    return new NodeRole(zone, capacity, tags, rings);
  }

  private static void writeParameters(EntryWriter w, RingParameters p) {
    w.i32(p.replicationFactor());
    switch (p.zoneRedundancy()) {
      case ZoneRedundancy.Maximum() -> w.u8(0);
      case ZoneRedundancy.AtLeast(int zones) -> w.u8(1).i32(zones);
    }
  }

  private static RingParameters readParameters(EntryReader r) {
    int rf = r.i32();
    ZoneRedundancy zr =
        switch (r.u8()) {
          case 0 -> ZoneRedundancy.maximum();
          case 1 -> ZoneRedundancy.atLeast(r.i32());
          default -> throw new MalformedEntryException("unknown zone redundancy kind");
        };
    return new RingParameters(rf, zr);
  }

  private static void writeRing(EntryWriter w, RingLayout ring) {
    w.list(ring.nodes(), LayoutCodec::writeId);
    w.i32(ring.replicationFactor()).i32(ring.zoneRedundancy()).i64(ring.partitionSize());
    w.bytes(ring.assignment());
  }

  private static RingLayout readRing(EntryReader r, Ring ring) {
    List<NodeId> nodes = r.list(LayoutCodec::readId);
    int rf = r.i32();
    int zr = r.i32();
    long partitionSize = r.i64();
    return new RingLayout(ring, nodes, rf, zr, partitionSize, r.bytes());
  }

  // ---- Trackers and staging ----

  private static void writeTrackerEntry(EntryWriter w, Map.Entry<NodeId, Long> e) {
    writeId(w, e.getKey());
    w.i64(e.getValue());
  }

  private static NavigableMap<NodeId, Long> readTracker(EntryReader r) {
    TreeMap<NodeId, Long> values = new TreeMap<>();
    int count = r.count();
    for (int i = 0; i < count; i++) {
      NodeId id = readId(r);
      if (values.put(id, r.i64()) != null) {
        throw new MalformedEntryException("node " + id.shortHex() + " is tracked twice");
      }
    }
    return values;
  }

  private static void writeStaging(EntryWriter w, LayoutStaging s) {
    w.i64(s.epoch());
    w.list(
        s.roles().entries().entrySet(),
        (out, e) -> {
          writeId(out, e.getKey());
          out.i64(e.getValue().timestamp());
          writeChange(out, e.getValue().value());
        });
    for (Ring ring : Ring.values()) {
      w.i64(s.parameters(ring).timestamp());
      writeParameters(w, s.parameters(ring).value());
    }
  }

  private static LayoutStaging readStaging(EntryReader r) {
    long epoch = r.i64();
    TreeMap<NodeId, Lww<RoleChange>> roles = new TreeMap<>();
    int count = r.count();
    for (int i = 0; i < count; i++) {
      NodeId id = readId(r);
      long timestamp = r.i64();
      if (roles.put(id, new Lww<>(timestamp, readChange(r))) != null) {
        throw new MalformedEntryException("node " + id.shortHex() + " is staged twice");
      }
    }
    Lww<RingParameters> metadata = new Lww<>(r.i64(), readParameters(r));
    Lww<RingParameters> block = new Lww<>(r.i64(), readParameters(r));
    return new LayoutStaging(epoch, new LwwMap<>(roles), metadata, block);
  }

  private static void writeChange(EntryWriter w, RoleChange change) {
    switch (change) {
      case RoleChange.Remove() -> w.u8(0);
      case RoleChange.Assign(NodeRole role) -> {
        w.u8(1);
        writeRole(w, role);
      }
    }
  }

  private static RoleChange readChange(EntryReader r) {
    return switch (r.u8()) {
      case 0 -> RoleChange.remove();
      case 1 -> RoleChange.assign(readRole(r));
      default -> throw new MalformedEntryException("unknown role change kind");
    };
  }

  private static void writeId(EntryWriter w, NodeId id) {
    w.raw(id.bytes());
  }

  private static NodeId readId(EntryReader r) {
    return new NodeId(r.raw(NodeId.LENGTH));
  }
}
