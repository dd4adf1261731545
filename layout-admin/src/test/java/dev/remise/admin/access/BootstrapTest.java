package dev.remise.admin.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Uuid;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.BucketKeyPerm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  private static final String ID = "GK" + "1a".repeat(12);
  private static final String SECRET = "2b".repeat(32);

  private final Fixture f = new Fixture();

  @Test
  void bootstrapCreatesTheKeyAndTheBucketWithEveryRight() {
    f.bootstrap.ensure(ID, SECRET, "default", "default-bucket");

    AccessKey key = f.keys.existingKey(ID);
    assertThat(key.secretKey()).isEqualTo(SECRET);
    assertThat(key.name().value()).isEqualTo("default");
    assertThat(key.allowCreateBucket().value()).isTrue();
    Uuid bucket = f.buckets.bucketIdByGlobalAlias("default-bucket");
    BucketKeyPerm perm = key.permission(bucket);
    assertThat(perm.read() && perm.write() && perm.owner()).isTrue();
    assertThat(f.buckets.existingBucket(bucket).permission(ID)).isEqualTo(perm);
  }

  @Test
  void bootstrapIsIdempotentAcrossRestarts() {
    f.bootstrap.ensure(ID, SECRET, "default", "default-bucket");
    int inserts = f.metadata.inserts();
    Uuid bucket = f.buckets.bucketIdByGlobalAlias("default-bucket");

    new Bootstrap(f.tables, f.buckets, Fixture.CLOCK)
        .ensure(ID, SECRET, "default", "default-bucket");

    assertThat(f.metadata.inserts()).isEqualTo(inserts);
    assertThat(f.buckets.listBuckets()).hasSize(1);
    assertThat(f.buckets.bucketIdByGlobalAlias("default-bucket")).isEqualTo(bucket);
  }

  @Test
  void bootstrapRefusesToStartWhenTheKeyExistsWithAnotherSecret() {
    f.keys.importKey(ID, "3c".repeat(32), "someone else's");

    assertThatThrownBy(() -> f.bootstrap.ensure(ID, SECRET, "default", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ID)
        .hasMessageContaining("different secret");
    assertThat(f.keys.existingKey(ID).secretKey()).isEqualTo("3c".repeat(32));
  }

  @Test
  void bootstrapRefusesAKeyThatWasDeleted() {
    f.tables.put(AccessKey.tombstone(ID));

    assertThatThrownBy(() -> f.bootstrap.ensure(ID, SECRET, "default", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deleted");
  }

  @Test
  void bootstrapReusesAnImportedKeyAndLetsItCreateBuckets() {
    f.keys.importKey(ID, SECRET, "imported");

    f.bootstrap.ensure(ID, SECRET, "default", null);

    AccessKey key = f.keys.existingKey(ID);
    assertThat(key.allowCreateBucket().value()).isTrue();
    assertThat(key.name().value()).isEqualTo("imported");
  }

  @Test
  void bootstrapGrantsItsKeyAnExistingBucketOfThatName() {
    Uuid existing = f.buckets.createBucket("default-bucket", null).bucket().id();

    f.bootstrap.ensure(ID, SECRET, "default", "default-bucket");

    assertThat(f.buckets.listBuckets()).hasSize(1);
    assertThat(f.keys.existingKey(ID).permission(existing).owner()).isTrue();
  }

  @Test
  void awaitMetadataRetriesUntilANodeAnswers() {
    f.metadata.failNext(3);

    f.bootstrap.awaitMetadata(Duration.ofMinutes(1), Duration.ZERO);

    f.bootstrap.ensure(ID, SECRET, "default", null);
    assertThat(f.keys.existingKey(ID).secretKey()).isEqualTo(SECRET);
  }

  @Test
  void awaitMetadataKeepsTryingPastTheWarning() {
    f.metadata.failNext(5);

    f.bootstrap.awaitMetadata(Duration.ZERO, Duration.ZERO);

    f.bootstrap.ensure(ID, SECRET, "default", null);
    assertThat(f.keys.existingKey(ID).secretKey()).isEqualTo(SECRET);
  }
}
