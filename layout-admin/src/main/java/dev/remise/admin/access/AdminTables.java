package dev.remise.admin.access;

import dev.remise.admin.metadata.MetadataClient;
import dev.remise.core.Uuid;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.FullCopyKeys;
import dev.remise.model.admin.KeyTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the three full-copy tables the admin API writes: key, bucket and bucket_alias.
 * Every entry sits under the one empty partition key, so a listing is one range read.
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
