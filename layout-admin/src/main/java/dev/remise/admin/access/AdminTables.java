package dev.remise.admin.access;

import dev.remise.admin.metadata.MetadataClient;
import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.FullCopyKeys;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.counter.CounterEntry;
import dev.remise.model.counter.CounterTable;
import dev.remise.model.counter.MultipartUploadCounter;
import dev.remise.model.counter.ObjectCounter;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed access to the three full-copy tables the admin API writes: key, bucket and bucket_alias.
 * Every entry sits under the one empty partition key, so a listing is one range read. Also reads
 * the sharded counter tables GetBucketInfo reports.
 */
public final class AdminTables {
  private final MetadataClient metadata;

  public AdminTables(MetadataClient metadata) {
    this.metadata = metadata;
  }

  /** The key entry, even deleted (a deleted id must never be reused). */
  public Optional<AccessKey> key(String accessKeyId) {
    return metadata.get(KeyTable.INSTANCE, FullCopyKeys.PARTITION, utf8(accessKeyId));
  }

  public Optional<AccessKey> liveKey(String accessKeyId) {
    return key(accessKeyId).filter(k -> !k.deleted());
  }

  public Optional<Bucket> liveBucket(Uuid id) {
    return metadata
        .get(BucketTable.INSTANCE, FullCopyKeys.PARTITION, id.bytes())
        .filter(b -> !b.deleted());
  }

  public Optional<BucketAlias> alias(String name) {
    return metadata.get(BucketAliasTable.INSTANCE, FullCopyKeys.PARTITION, utf8(name));
  }

  /** The live bucket a global alias names, if any. */
  public Optional<Bucket> bucketByGlobalAlias(String name) {
    return alias(name).flatMap(BucketAlias::target).flatMap(this::liveBucket);
  }

  /** Live keys in id order. */
  public List<AccessKey> liveKeys() {
    return metadata.scan(KeyTable.INSTANCE, FullCopyKeys.PARTITION).stream()
        .filter(k -> !k.deleted())
        .toList();
  }

  /** Live buckets in id order. */
  public List<Bucket> liveBuckets() {
    return metadata.scan(BucketTable.INSTANCE, FullCopyKeys.PARTITION).stream()
        .filter(b -> !b.deleted())
        .toList();
  }

  /**
   * The bucket's counters, read from the counter tables as Garage's GetBucketInfo does: each
   * counter entry holds every node's own totals, and a count is the <em>maximum</em> over the nodes
   * that store the counted entries in an active layout version ({@link CounterEntry#values}). Every
   * such node holds (and counts) all of those entries, so they agree once in sync and the most
   * advanced one is the best estimate; a sum would count each entry once per copy. Garage takes the
   * maximum over every storage node of the layout; keeping only the partition's own storage nodes
   * also drops the stale totals of a node that no longer stores the partition but has not yet
   * offloaded it.
   *
   * <p>Objects live in the bucket's own partition, so one entry says it all. Upload entries are
   * spread by upload id, so the upload counter has one entry per partition of upload ids (see
   * {@link MultipartUploadCounter}), each read through that partition's nodes, and they add up. A
   * bucket nothing was counted for has zero everywhere.
   */
  public BucketCounters counters(Uuid bucket) {
    Hash partition = bucket.asHash();
    Map<String, Long> objects =
        metadata
            .get(CounterTable.BUCKET_OBJECT_COUNTER, partition, new byte[0])
            .map(
                e ->
                    e.values(
                        metadata.storageNodes(ObjectTable.INSTANCE, partition.partition().index())))
            .orElse(Map.of());
    long uploads = 0;
    long parts = 0;
    long uploadBytes = 0;
    for (CounterEntry e : metadata.scan(CounterTable.BUCKET_MPU_COUNTER, partition)) {
      OptionalInt uploadPartition = MultipartUploadCounter.partitionOf(e);
      if (uploadPartition.isEmpty()) {
        continue;
      }
      Map<String, Long> v =
          e.values(
              metadata.storageNodes(MultipartUploadTable.INSTANCE, uploadPartition.getAsInt()));
      uploads += v.getOrDefault(MultipartUploadCounter.UPLOADS, 0L);
      parts += v.getOrDefault(MultipartUploadCounter.PARTS, 0L);
      uploadBytes += v.getOrDefault(MultipartUploadCounter.BYTES, 0L);
    }
    return new BucketCounters(
        objects.getOrDefault(ObjectCounter.OBJECTS, 0L),
        objects.getOrDefault(ObjectCounter.BYTES, 0L),
        objects.getOrDefault(ObjectCounter.UNFINISHED_UPLOADS, 0L),
        uploads,
        parts,
        uploadBytes);
  }

  /**
   * Answers once some metadata node answers a read; throws what the client throws otherwise. Used
   * at startup, before anything is written.
   */
  public void probe() {
    metadata.range(KeyTable.INSTANCE, FullCopyKeys.PARTITION, null, 1);
  }

  public void put(AccessKey key) {
    metadata.insert(KeyTable.INSTANCE, key);
  }

  public void put(Bucket bucket) {
    metadata.insert(BucketTable.INSTANCE, bucket);
  }

  public void put(BucketAlias alias) {
    metadata.insert(BucketAliasTable.INSTANCE, alias);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
