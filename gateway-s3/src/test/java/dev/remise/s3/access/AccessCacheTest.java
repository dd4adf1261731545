package dev.remise.s3.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.BucketAlias;
import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketKeyPerm;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.TableClient;
import dev.remise.s3.access.BucketDirectory.Permission;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.testkit.InMemoryTableNode;
import dev.remise.testkit.MutableClock;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gateway's cache of keys, aliases and buckets: hits within the time to live, stale entries
 * served while a refresh runs, no cached absence, and a fresh read before any denial, so grants
 * made elsewhere apply at once and only revocations wait.
 */
class AccessCacheTest {
  private static final NodeId SELF = NodeId.fromHex("%064x".formatted(1));
  private static final String KEY_ID = "GK0123456789abcdef01234567";

  private final InMemoryTableNode node =
      new InMemoryTableNode(
          List.of(KeyTable.INSTANCE, BucketTable.INSTANCE, BucketAliasTable.INSTANCE));
  private final TableClient tables =
      new TableClient(
          node,
          new StaticPlacement(
              SELF, TestLayouts.storage(List.of(SELF), 1), ConsistencyMode.CONSISTENT),
          Runnable::run);
  private final MutableClock clock = MutableClock.at(1_700_000_000_000L);

  /** Refreshes run at once on the asking thread, so the test sees when they land. */
  private final AccessCache cache =
      new AccessCache(tables, clock, Duration.ofSeconds(2), 100, Runnable::run);

  private final AccessKeys keys = new AccessKeys(cache);
  private final BucketDirectory directory = new BucketDirectory(tables, cache, keys, clock);
  private final Uuid bucket = Uuid.random();

  private AccessKey key(boolean read) {
    return AccessKey.create(KEY_ID, "00".repeat(32), "k", 1, false)
        .withPermission(bucket, new BucketKeyPerm(clock.millis(), read, false, false));
  }

  /** Writes behind the gateway's back, as another gateway or layout-admin would. */
  private void elsewhere(AccessKey key) {
    tables.insert(KeyTable.INSTANCE, key);
  }

  private void alias(String name) {
    tables.insert(
        BucketAliasTable.INSTANCE, new BucketAlias(name, new Lww<>(1, Optional.of(bucket))));
  }

  @Test
  void aKeyIsServedFromTheCacheUntilItsTimeToLiveEnds() {
    elsewhere(key(false));
    assertThat(keys.find(KEY_ID)).isPresent();

    elsewhere(AccessKey.tombstone(KEY_ID));
    assertThat(keys.find(KEY_ID)).as("cached").isPresent();

    clock.advance(Duration.ofSeconds(2));
    assertThat(keys.find(KEY_ID)).as("stale: served while it is read again").isPresent();
    assertThat(keys.find(KEY_ID)).as("refreshed").isEmpty();
  }

  @Test
  void anEntryNobodyAskedForInTheStaleWindowIsReadBeforeItIsServed() {
    elsewhere(key(false));
    assertThat(keys.find(KEY_ID)).isPresent();

    elsewhere(AccessKey.tombstone(KEY_ID));
    clock.advance(Duration.ofSeconds(2L * AccessCache.STALE_FACTOR));

    assertThat(keys.find(KEY_ID)).isEmpty();
  }

  @Test
  void aStaleEntryIsServedWhileItsRefreshRunsInTheBackground() {
    List<Runnable> pending = new java.util.ArrayList<>();
    AccessCache deferred = new AccessCache(tables, clock, Duration.ofSeconds(2), 100, pending::add);
    elsewhere(key(false));
    assertThat(deferred.get(KeyTable.INSTANCE, KEY_ID.getBytes())).isPresent();
    elsewhere(AccessKey.tombstone(KEY_ID));
    clock.advance(Duration.ofSeconds(3));

    assertThat(deferred.get(KeyTable.INSTANCE, KEY_ID.getBytes()))
        .hasValueSatisfying(k -> assertThat(k.deleted()).isFalse());
    assertThat(deferred.get(KeyTable.INSTANCE, KEY_ID.getBytes()))
        .hasValueSatisfying(k -> assertThat(k.deleted()).isFalse());
    assertThat(pending).as("one refresh at a time per entry").hasSize(1);

    pending.removeFirst().run();

    assertThat(deferred.get(KeyTable.INSTANCE, KEY_ID.getBytes()))
        .hasValueSatisfying(k -> assertThat(k.deleted()).isTrue());
  }

  @Test
  void bucketEntriesAreCachedAndThisGatewaysOwnChangesShowAtOnce() {
    elsewhere(AccessKey.create(KEY_ID, "00".repeat(32), "k", 1, true));
    AccessKey k = keys.find(KEY_ID).orElseThrow();
    directory.create("photos", k);
    AccessKey owner = keys.find(KEY_ID).orElseThrow();
    Uuid id = directory.resolve("photos", owner).orElseThrow();
    assertThat(directory.bucket(id)).isPresent();
    int readsBefore = node.reads();

    assertThat(directory.listFor(owner))
        .extracting(BucketDirectory.NamedBucket::name)
        .containsExactly("photos");
    assertThat(node.reads()).as("served from the cache").isEqualTo(readsBefore);

    directory.delete(id, "photos", owner);
    assertThat(directory.bucket(id)).isEmpty();
  }

  @Test
  void anAbsentKeyIsNeverCachedSoANewKeyWorksAtOnce() {
    assertThat(keys.find(KEY_ID)).isEmpty();

    elsewhere(key(false));

    assertThat(keys.find(KEY_ID)).isPresent();
  }

  @Test
  void aPermissionGrantedElsewhereAppliesAtOnce() {
    alias("photos");
    elsewhere(key(false));
    AccessKey cached = keys.find(KEY_ID).orElseThrow();
    directory.resolve("photos", cached); // the alias is cached too

    clock.advance(Duration.ofMillis(10));
    elsewhere(key(true));

    assertThat(directory.authorize("photos", cached, Permission.READ)).isEqualTo(bucket);
  }

  @Test
  void aBucketCreatedElsewhereIsFoundAtOnceAndAnUnknownOneIsStillNoSuchBucket() {
    elsewhere(key(true));
    AccessKey k = keys.find(KEY_ID).orElseThrow();
    assertThatThrownBy(() -> directory.authorize("photos", k, Permission.READ))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.NO_SUCH_BUCKET));

    alias("photos");

    assertThat(directory.authorize("photos", k, Permission.READ)).isEqualTo(bucket);
  }

  @Test
  void aRevocationMadeElsewhereWaitsAtMostTheTimeToLiveAndOneRead() {
    alias("photos");
    elsewhere(key(true));
    AccessKey k = keys.find(KEY_ID).orElseThrow();
    assertThat(directory.authorize("photos", k, Permission.READ)).isEqualTo(bucket);

    clock.advance(Duration.ofMillis(10));
    elsewhere(key(false));
    AccessKey stillCached = keys.find(KEY_ID).orElseThrow();
    assertThat(directory.authorize("photos", stillCached, Permission.READ)).isEqualTo(bucket);

    clock.advance(Duration.ofSeconds(2));
    keys.find(KEY_ID); // the first use after the time to live starts the refresh
    AccessKey current = keys.find(KEY_ID).orElseThrow();
    assertThatThrownBy(() -> directory.authorize("photos", current, Permission.READ))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED));
  }

  @Test
  void aZeroTimeToLiveReadsEveryTime() {
    AccessCache none = new AccessCache(tables, clock, Duration.ZERO, 100);
    elsewhere(key(false));
    assertThat(none.get(KeyTable.INSTANCE, KEY_ID.getBytes())).isPresent();

    elsewhere(AccessKey.tombstone(KEY_ID));

    assertThat(none.get(KeyTable.INSTANCE, KEY_ID.getBytes()))
        .hasValueSatisfying(k -> assertThat(k.deleted()).isTrue());
  }
}
