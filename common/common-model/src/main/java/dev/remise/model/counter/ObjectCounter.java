package dev.remise.model.counter;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import dev.remise.table.CounterValues;
import dev.remise.table.IndexCounter;
import dev.remise.table.TableSchema;
import java.util.Map;

/**
 * Garage's object counter: per bucket, into {@link CounterTable#BUCKET_OBJECT_COUNTER} (P = the
 * bucket id, S = empty). An object entry counts one object if it has data (a complete version that
 * is not a delete marker), the sizes of its complete versions as bytes (after the object merge
 * there is at most one: the merge drops every version before the last complete one), and its
 * versions still uploading (single-part or multipart) as unfinished uploads.
 *
 * <p>The object table is partitioned by bucket id too, so the nodes that count a bucket's objects
 * are exactly the storage nodes of the counter's own partition.
 */
public final class ObjectCounter implements IndexCounter<S3Object, CounterEntry> {
  public static final ObjectCounter INSTANCE = new ObjectCounter();

  public static final String OBJECTS = "objects";
  public static final String BYTES = "bytes";
  public static final String UNFINISHED_UPLOADS = "unfinished_uploads";

  private static final byte[] NO_SORT_KEY = new byte[0];

  private ObjectCounter() {}

  @Override
  public TableSchema<CounterEntry> counterTable() {
    return CounterTable.BUCKET_OBJECT_COUNTER;
  }

  @Override
  public Hash counterPartition(S3Object entry) {
    return entry.bucketId().asHash();
  }

  @Override
  public byte[] counterSortKey(S3Object entry) {
    return NO_SORT_KEY;
  }

  @Override
  public Map<String, Long> counts(S3Object entry) {
    long objects = entry.versions().stream().anyMatch(ObjectVersion::isData) ? 1 : 0;
    long uploading =
        entry.versions().stream().filter(v -> v.state() instanceof State.Uploading).count();
    long bytes = 0;
    for (ObjectVersion v : entry.versions()) {
      bytes +=
          switch (v.state()) {
            case State.Complete(Data.Inline i) -> i.meta().size();
            case State.Complete(Data.FirstBlock f) -> f.meta().size();
            case State.Complete(Data.DeleteMarker d) -> 0;
            case State.Uploading u -> 0;
            case State.Aborted a -> 0;
          };
    }
    return Map.of(OBJECTS, objects, BYTES, bytes, UNFINISHED_UPLOADS, uploading);
  }

  @Override
  public CounterEntry nodeTotals(S3Object entry, NodeId node, CounterValues totals) {
    return CounterEntry.of(entry.bucketId(), "", node, totals);
  }
}
