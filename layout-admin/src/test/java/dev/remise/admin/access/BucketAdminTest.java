package dev.remise.admin.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Uuid;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import dev.remise.model.admin.BucketKeyPerm;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketAdminTest {
  private final Fixture f = new Fixture();

  @Test
  void createBucketWithAGlobalAliasWritesTheBucketAndTheAliasPointingAtIt() {
    BucketInfo info = f.buckets.createBucket("photos", null);
    Uuid id = info.bucket().id();

    assertThat(f.tables.alias("photos").flatMap(a -> a.target())).contains(id);
    assertThat(f.tables.liveBucket(id).orElseThrow().globalAliases().get("photos")).contains(true);
    assertThat(info.bucket().creationDate()).isEqualTo(Fixture.CLOCK.millis());
    assertThat(info.keys()).isEmpty();
    // Alias and bucket carry one timestamp, so both sides merge to the same answer.
    long onAlias = f.tables.alias("photos").orElseThrow().bucketId().timestamp();
    assertThat(info.bucket().globalAliases().entries().get("photos").timestamp())
        .isEqualTo(onAlias);
  }

  @Test
  void createBucketUnderAnAliasOfALiveBucketIsBucketAlreadyExists() {
    f.buckets.createBucket("photos", null);

    assertThatThrownBy(() -> f.buckets.createBucket("photos", null))
        .isInstanceOfSatisfying(
            AdminException.class,
            e -> {
              assertThat(e.error()).isEqualTo(AdminError.BUCKET_ALREADY_EXISTS);
              assertThat(e.error().status()).isEqualTo(409);
            });
    assertThat(f.buckets.listBuckets()).hasSize(1);
  }

  @Test
  void createBucketMayTakeTheAliasOfADeletedBucket() {
    Uuid old = f.buckets.createBucket("photos", null).bucket().id();
    f.tables.put(Bucket.tombstone(old));

    Uuid fresh = f.buckets.createBucket("photos", null).bucket().id();

    assertThat(f.buckets.bucketIdByGlobalAlias("photos")).isEqualTo(fresh).isNotEqualTo(old);
  }

  @Test
  void createBucketRejectsAnInvalidNameBeforeWritingAnything() {
    int before = f.metadata.inserts();

    assertThatThrownBy(() -> f.buckets.createBucket("Not_A_Bucket", null))
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST));
    assertThat(f.metadata.inserts()).isEqualTo(before);
  }

  @Test
  void createBucketWithALocalAliasNamesItForThatKeyAndGrantsOnBothSides() {
    String keyId = f.keys.createKey("alice", false).key().accessKeyId();

    BucketInfo info =
        f.buckets.createBucket(
            null, new LocalAliasRequest(keyId, "mine", new Permissions(true, true, false)));
    Uuid id = info.bucket().id();

    AccessKey key = f.keys.existingKey(keyId);
    assertThat(key.localAliases().get("mine")).contains(Optional.of(id));
    assertThat(info.bucket().localAliases().get(new Bucket.LocalAlias(keyId, "mine")))
        .contains(true);
    assertThat(key.permission(id)).isEqualTo(info.bucket().permission(keyId));
    assertThat(key.permission(id).owner()).isFalse();
    assertThat(info.keys()).extracting(AccessKey::accessKeyId).containsExactly(keyId);
  }

  @Test
  void allowBucketKeyWritesThePermissionOnBothTheBucketAndTheKey() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    String keyId = f.keys.createKey("alice", false).key().accessKeyId();

    BucketInfo info = f.buckets.allowBucketKey(id, keyId, new Permissions(true, true, false));

    BucketKeyPerm onBucket = f.buckets.existingBucket(id).permission(keyId);
    BucketKeyPerm onKey = f.keys.existingKey(keyId).permission(id);
    assertThat(onBucket).isEqualTo(onKey);
    assertThat(onBucket.read()).isTrue();
    assertThat(onBucket.write()).isTrue();
    assertThat(onBucket.owner()).isFalse();
    assertThat(info.keys()).extracting(AccessKey::accessKeyId).containsExactly(keyId);
    assertThat(f.keys.keyInfo(keyId).buckets()).extracting(Bucket::id).containsExactly(id);
  }

  @Test
  void denyBucketKeyClearsOnlyTheGivenFlagsAndWinsAlthoughTheClockDidNotMove() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    String keyId = f.keys.createKey("alice", false).key().accessKeyId();
    f.buckets.allowBucketKey(id, keyId, Permissions.ALL);
    long granted = f.keys.existingKey(keyId).permission(id).timestamp();

    f.buckets.denyBucketKey(id, keyId, new Permissions(false, true, true));

    BucketKeyPerm onKey = f.keys.existingKey(keyId).permission(id);
    assertThat(onKey.read()).isTrue();
    assertThat(onKey.write()).isFalse();
    assertThat(onKey.owner()).isFalse();
    assertThat(onKey.timestamp()).isGreaterThan(granted);
    assertThat(f.buckets.existingBucket(id).permission(keyId)).isEqualTo(onKey);
  }

  @Test
  void keysAndBucketsWithoutAnyPermissionLeftAreLeftOutOfTheInfo() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    String keyId = f.keys.createKey("alice", false).key().accessKeyId();
    f.buckets.allowBucketKey(id, keyId, Permissions.ALL);

    BucketInfo info = f.buckets.denyBucketKey(id, keyId, Permissions.ALL);

    assertThat(info.keys()).isEmpty();
    assertThat(f.keys.keyInfo(keyId).buckets()).isEmpty();
  }

  @Test
  void permissionChangesOnAnUnknownBucketOrKeyAreNotFound() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    String keyId = f.keys.createKey("alice", false).key().accessKeyId();
    Uuid missing = Uuid.fromHex("00".repeat(32));

    assertThatThrownBy(() -> f.buckets.allowBucketKey(missing, keyId, Permissions.ALL))
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.NO_SUCH_BUCKET));
    assertThatThrownBy(() -> f.buckets.allowBucketKey(id, "GK" + "0".repeat(24), Permissions.ALL))
        .isInstanceOfSatisfying(
            AdminException.class,
            e -> assertThat(e.error()).isEqualTo(AdminError.NO_SUCH_ACCESS_KEY));
  }

  @Test
  void searchFindsABucketByGlobalAliasOrByIdPrefix() {
    Uuid id = f.buckets.createBucket("photos", null).bucket().id();
    f.buckets.createBucket("videos", null);

    assertThat(f.buckets.searchBucket("photos")).isEqualTo(id);
    assertThat(f.buckets.searchBucket(id.hex().substring(0, 12))).isEqualTo(id);
    assertThatThrownBy(() -> f.buckets.searchBucket("nothing"))
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.NO_SUCH_BUCKET));
  }

  @Test
  void bucketIdsMustBe64HexDigits() {
    assertThat(BucketAdmin.parseBucketId("ab".repeat(32)).hex()).isEqualTo("ab".repeat(32));
    for (String bad : new String[] {"abc", "zz".repeat(32), "ab".repeat(33)}) {
      assertThatThrownBy(() -> BucketAdmin.parseBucketId(bad))
          .isInstanceOfSatisfying(
              AdminException.class,
              e -> assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST));
    }
  }
}
