package dev.remise.admin.access;

import dev.remise.core.Uuid;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketKeyPerm;
import dev.remise.model.admin.BucketNames;
import dev.remise.replication.NoStorageNodesException;
import dev.remise.rpc.RpcRejectedException;
import dev.remise.rpc.RpcUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default access key and bucket of a fresh cluster (Garage's {@code server --single-node
 * --default-access-key --default-bucket}): the key is imported with the given id and secret and may
 * create buckets; the bucket gets the given global alias and read, write and owner rights for that
 * key. Idempotent: a restart with the same settings writes nothing. A key that exists with another
 * secret, or was deleted, stops the start: silently keeping or replacing a secret would break
 * either the operator's clients or someone else's.
 */
public final class Bootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

  private final AdminTables tables;
  private final BucketAdmin buckets;
  private final InstantSource clock;

  public Bootstrap(AdminTables tables, BucketAdmin buckets, InstantSource clock) {
    this.tables = tables;
    this.buckets = buckets;
    this.clock = clock;
  }

  /**
   * Returns once a quorum of metadata nodes answers, which needs a layout with metadata nodes and
   * their addresses from their heartbeats; retries every {@code pause}, and warns once after {@code
   * warnAfter}. A node that answers but refuses the call (wrong cluster secret) fails at once:
   * waiting will not fix it.
   */
  public void awaitMetadata(Duration warnAfter, Duration pause) {
    Instant warnAt = clock.instant().plus(warnAfter);
    boolean logged = false;
    boolean warned = false;
    while (true) {
      try {
        tables.probe();
        return;
      } catch (RpcUnavailableException | NoStorageNodesException e) {
        if (!logged) {
          LOG.info("bootstrap waiting for the metadata nodes: {}", e.getMessage());
          logged = true;
        } else if (!warned && !clock.instant().isBefore(warnAt)) {
          LOG.warn(
              "bootstrap still waiting after {} for the metadata nodes: {}",
              warnAfter,
              e.getMessage());
          warned = true;
        }
      } catch (RpcRejectedException e) {
        throw new IllegalStateException(
            "a metadata node refused layout-admin's call; is the rpc secret the same on both? "
                + e.getMessage(),
            e);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the metadata nodes", e);
      }
    }
  }

  /**
   * Ensures the key exists with exactly this id and secret and may create buckets, and, if {@code
   * bucket} is not null, that a bucket has this global alias with every right for the key.
   */
  public void ensure(String accessKeyId, String secretKey, String keyName, String bucket) {
    if (!KeyAdmin.isValidKeyId(accessKeyId)) {
      throw new IllegalStateException(
          "bootstrap access key id must be GK followed by 24 hex digits, got " + accessKeyId);
    }
    if (!KeyAdmin.isValidSecret(secretKey)) {
      throw new IllegalStateException("bootstrap secret key must be 64 hex digits");
    }
    ensureKey(accessKeyId, secretKey, keyName);
    if (bucket != null) {
      ensureBucket(bucket, accessKeyId);
    }
  }

  private void ensureKey(String accessKeyId, String secretKey, String keyName) {
    Optional<AccessKey> existing = tables.key(accessKeyId);
    if (existing.isEmpty()) {
      LOG.info("creating bootstrap access key {}", accessKeyId);
      tables.put(AccessKey.create(accessKeyId, secretKey, keyName, clock.millis(), true));
      return;
    }
    AccessKey key = existing.get();
    if (key.deleted()) {
      throw new IllegalStateException(
          "bootstrap access key "
              + accessKeyId
              + " was deleted in this cluster and cannot be created again; choose another id");
    }
    if (!MessageDigest.isEqual(bytes(key.secretKey()), bytes(secretKey))) {
      throw new IllegalStateException(
          "access key "
              + accessKeyId
              + " exists with a different secret than the configured bootstrap secret; refusing to"
              + " start rather than replace or ignore it");
    }
    if (!key.allowCreateBucket().value()) {
      tables.put(
          new AccessKey(
              key.accessKeyId(),
              false,
              key.secretKey(),
              key.created(),
              key.name(),
              key.allowCreateBucket().update(true, clock),
              key.authorizedBuckets(),
              key.localAliases()));
    }
  }

  private void ensureBucket(String name, String accessKeyId) {
    if (!BucketNames.isValid(name)) {
      throw new IllegalStateException("bootstrap bucket name is not a valid bucket name: " + name);
    }
    Uuid id =
        tables
            .bucketByGlobalAlias(name)
            .map(Bucket::id)
            .orElseGet(
                () -> {
                  LOG.info("creating bootstrap bucket {}", name);
                  return buckets.createBucket(name, null).bucket().id();
                });
    Bucket bucket = buckets.existingBucket(id);
    AccessKey key = tables.liveKey(accessKeyId).orElseThrow();
    if (!isAll(bucket.permission(accessKeyId)) || !isAll(key.permission(id))) {
      buckets.allowBucketKey(id, accessKeyId, Permissions.ALL);
    }
  }

  private static boolean isAll(BucketKeyPerm p) {
    return p.read() && p.write() && p.owner();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
