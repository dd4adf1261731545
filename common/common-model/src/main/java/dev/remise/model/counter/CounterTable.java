package dev.remise.model.counter;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.table.CounterValues;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * Schema of a counter table (Garage's {@code CounterTable}), sharded: P = a {@link
 * dev.remise.core.Uuid} used unhashed, so a bucket's counters sit on the bucket's own partition,
 * with its objects; S = a string, empty when the partition has one counter. One instance per
 * counter table, since the name and version marker differ.
 */
public final class CounterTable implements TableSchema<CounterEntry> {

  /** Per bucket: objects, bytes and unfinished uploads ({@link ObjectCounter}). */
  public static final CounterTable BUCKET_OBJECT_COUNTER =
      new CounterTable("bucket_object_counter", "R1boc");

  /**
   * Per bucket and partition of the upload ids: multipart uploads, their parts and bytes ({@link
   * MultipartUploadCounter}).
   */
  public static final CounterTable BUCKET_MPU_COUNTER =
      new CounterTable("bucket_mpu_counter", "R1bmc");

  private final String name;
  private final String marker;

  private CounterTable(String name, String marker) {
    this.name = name;
    this.marker = marker;
  }

  @Override
  public String tableName() {
    return name;
  }

  @Override
  public String versionMarker() {
    return marker;
  }

  @Override
  public Hash partitionHash(CounterEntry e) {
    return e.partition().asHash();
  }

  @Override
  public byte[] sortKey(CounterEntry e) {
    return e.sortKey().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public CounterEntry merge(CounterEntry a, CounterEntry b) {
    return a.merge(b);
  }

  @Override
  public boolean isTombstone(CounterEntry e) {
    return e.isTombstone();
  }

  @Override
  public void write(CounterEntry e, EntryWriter w) {
    w.uuid(e.partition()).string(e.sortKey());
    w.list(
        e.nodes().entrySet(),
        (nw, n) -> {
          nw.raw(n.getKey().bytes());
          n.getValue().write(nw);
        });
  }

  @Override
  public CounterEntry read(EntryReader r) {
    var partition = r.uuid();
    String sortKey = r.string();
    TreeMap<NodeId, CounterValues> nodes = new TreeMap<>();
    int n = r.count();
    for (int i = 0; i < n; i++) {
      NodeId node = new NodeId(r.raw(NodeId.LENGTH));
      if (nodes.put(node, CounterValues.read(r)) != null) {
        throw new MalformedEntryException("node " + node.shortHex() + " appears twice");
      }
    }
    return new CounterEntry(partition, sortKey, nodes);
  }

  @Override
  public String toString() {
    return name;
  }
}
