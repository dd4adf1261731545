package dev.remise.table;

import dev.remise.core.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a table stores, as Garage's TableSchema: the key of an entry (partition hash, which places
 * it on the ring, and sort key, which orders entries inside one partition key), how two replicas of
 * an entry merge (a CRDT join: commutative, associative, idempotent), when an entry is a tombstone,
 * its codec, and the {@code updated} hook that derives writes to other tables. The engine knows
 * nothing else about the entry; S3 and K2V meaning lives in common-model.
 */
public interface TableSchema<E> {

  /** Name of the table, used in RPC paths, storage column names and metrics tags. */
  String tableName();

  /**
   * A short ASCII marker written before every encoded entry. A new encoding gets a new marker, so
   * old data is recognised and migrated instead of misread.
   */
  String versionMarker();

  Hash partitionHash(E entry);

  byte[] sortKey(E entry);

  /** The CRDT join of two states of the same entry (same partition hash and sort key). */
  E merge(E a, E b);

  /** How the entries are spread; sharded unless the schema says otherwise. */
  default TableReplication replication() {
    return TableReplication.SHARDED;
  }

  /** A tombstone may be removed by table GC once every replica holds it. */
  default boolean isTombstone(E entry) {
    return false;
  }

  /**
   * For tables whose entries are versions ordered by timestamp (the object table): the newest
   * timestamp of {@code stored} if it holds a version, other than {@code incoming}'s own, at least
   * as new as {@code incoming}'s newest, so that {@code incoming} would not sort last; empty when
   * {@code incoming} is newer than everything stored. A node answers {@code insert-if-newer} with
   * it, which lets a writer use its own clock instead of reading the entry first.
   *
   * @throws UnsupportedOperationException for tables whose entries carry no such versions
   */
  default OptionalLong newerThan(E stored, E incoming) {
    throw new UnsupportedOperationException(
        "table " + tableName() + " has no versions ordered by timestamp");
  }

  /**
   * Range reads may name a filter that the storage node applies before counting entries against the
   * limit (as Garage's table filters), so a listing is not starved by tombstones. Unknown filters
   * reject the request.
   */
  default boolean matchesFilter(E entry, String filter) {
    throw new IllegalArgumentException("table " + tableName() + " has no filter " + filter);
  }

  void write(E entry, EntryWriter w);

  E read(EntryReader r);

  /**
   * Called inside the local transaction that changed an entry from {@code old} (null if absent) to
   * {@code updated}, on every replica and whatever caused the change (client write, repair, sync).
   * Derived writes go to the persistent insert queue, never to the network directly: the
   * transaction may not block on a peer.
   */
  default void updated(E old, E updated, InsertQueue queue) {}

  /**
   * The index counters this table's entries feed (Garage's {@code CountedItem}s), none by default.
   * The engine keeps them in the transaction of every local change, including the changes that run
   * no {@code updated} hook (an entry leaving the node), see {@link IndexCounter}.
   */
  default List<IndexCounter<E, ?>> counters() {
    return List.of();
  }

  default byte[] encode(E entry) {
    EntryWriter w = new EntryWriter();
    w.raw(versionMarker().getBytes(StandardCharsets.US_ASCII));
    write(entry, w);
    return w.toByteArray();
  }

  default E decode(byte[] encoded) {
    byte[] marker = versionMarker().getBytes(StandardCharsets.US_ASCII);
    if (encoded.length < marker.length
        || !Arrays.equals(encoded, 0, marker.length, marker, 0, marker.length)) {
      throw new MalformedEntryException(
          "not a " + tableName() + " entry (version marker mismatch)");
    }
    EntryReader r = new EntryReader(encoded, marker.length);
    E entry = read(r);
    r.expectEnd();
    return entry;
  }

  /**
   * The local storage key: partition hash then sort key, so one partition key's entries are
   * contiguous.
   */
  default byte[] storageKey(E entry) {
    return TableKey.of(partitionHash(entry), sortKey(entry));
  }
}
