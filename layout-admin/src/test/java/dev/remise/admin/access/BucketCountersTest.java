package dev.remise.admin.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.model.counter.CounterEntry;
import dev.remise.model.counter.CounterTable;
import dev.remise.table.CounterValues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * GetBucketInfo's counters, read from the counter tables: the maximum over the nodes that store the
 * counted entries, summed over the partitions of upload ids.
 */
class BucketCountersTest {
  private final Fixture f = new Fixture();

  private static NodeId node(int n) {
    return NodeId.fromHex("%064x".formatted(n));
  }

  private static CounterValues totals(long stamp, Map<String, Long> values) {
    return CounterValues.of(stamp, values);
  }

  private void publish(CounterTable table, Uuid bucket, String sortKey, int node, CounterValues t) {
    f.metadata.insert(table, CounterEntry.of(bucket, sortKey, node(node), t));
  }

  @Test
  void aBucketNothingWasCountedForShowsZero() {
    BucketInfo info = f.buckets.createBucket("photos", null);

    assertThat(info.counters()).isEqualTo(BucketCounters.ZERO);
  }

  @Test
  void objectCountsAreTheMaximumOverTheBucketsStorageNodes() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    int partition = id.asHash().partition().index();
    // Nodes 1 and 2 store the bucket's partition; node 3 left the layout with stale totals.
    f.metadata.setStorageNodes(p -> p == partition ? List.of(node(1), node(2)) : List.of());
    publish(
        CounterTable.BUCKET_OBJECT_COUNTER,
        id,
        "",
        1,
        totals(10, Map.of("objects", 3L, "bytes", 300L, "unfinished_uploads", 1L)));
    // Node 2 lags behind (one object not there yet).
    publish(
        CounterTable.BUCKET_OBJECT_COUNTER,
        id,
        "",
        2,
        totals(8, Map.of("objects", 2L, "bytes", 200L, "unfinished_uploads", 1L)));
    publish(
        CounterTable.BUCKET_OBJECT_COUNTER,
        id,
        "",
        3,
        totals(20, Map.of("objects", 100L, "bytes", 1L, "unfinished_uploads", 0L)));

    BucketCounters counters = f.buckets.bucketInfo(id).counters();

    assertThat(counters.objects()).isEqualTo(3);
    assertThat(counters.bytes()).isEqualTo(300);
    assertThat(counters.unfinishedUploads()).isEqualTo(1);
  }

  @Test
  void uploadCountsAddUpOverThePartitionsOfUploadIds() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    // Partition 0x10 of the upload ids is stored by nodes 1 and 2, partition 0x20 by nodes 3 and 4.
    f.metadata.setStorageNodes(
        p ->
            switch (p) {
              case 0x10 -> List.of(node(1), node(2));
              case 0x20 -> List.of(node(3), node(4));
              default -> List.of();
            });
    Map<String, Long> one = Map.of("uploads", 1L, "parts", 2L, "bytes", 10L);
    publish(CounterTable.BUCKET_MPU_COUNTER, id, "10", 1, totals(5, one));
    publish(CounterTable.BUCKET_MPU_COUNTER, id, "10", 2, totals(5, one));
    publish(
        CounterTable.BUCKET_MPU_COUNTER,
        id,
        "20",
        3,
        totals(5, Map.of("uploads", 2L, "parts", 3L, "bytes", 5L)));
    // Node 1 holds nothing of partition 0x20 of the upload ids: its totals there do not count.
    publish(
        CounterTable.BUCKET_MPU_COUNTER,
        id,
        "20",
        1,
        totals(5, Map.of("uploads", 50L, "parts", 50L, "bytes", 50L)));

    BucketCounters counters = f.buckets.bucketInfo(id).counters();

    assertThat(counters.unfinishedMultipartUploads()).isEqualTo(3);
    assertThat(counters.unfinishedMultipartUploadParts()).isEqualTo(5);
    assertThat(counters.unfinishedMultipartUploadBytes()).isEqualTo(15);
  }

  @Test
  void newerTotalsOfANodeReplaceItsOlderOnes() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    f.metadata.setStorageNodes(p -> List.of(node(1)));
    publish(CounterTable.BUCKET_OBJECT_COUNTER, id, "", 1, totals(7, Map.of("objects", 4L)));
    publish(CounterTable.BUCKET_OBJECT_COUNTER, id, "", 1, totals(9, Map.of("objects", 1L)));
    // A late delivery of the older totals changes nothing.
    publish(CounterTable.BUCKET_OBJECT_COUNTER, id, "", 1, totals(7, Map.of("objects", 4L)));

    assertThat(f.buckets.bucketInfo(id).counters().objects()).isEqualTo(1);
    assertThat(
            f.metadata
                .get(CounterTable.BUCKET_OBJECT_COUNTER, id.asHash(), new byte[0])
                .orElseThrow()
                .nodes())
        .isEqualTo(new TreeMap<>(Map.of(node(1), totals(9, Map.of("objects", 1L)))));
  }
}
