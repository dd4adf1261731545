package dev.remise.admin.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.model.admin.AccessKey;
import org.junit.jupiter.api.Test;

class KeyAdminTest {
  private final Fixture f = new Fixture();

  @Test
  void createKeyThenGetKeyInfoReturnsTheSameKeyWithGarageShapedIdAndSecret() {
    KeyInfo created = f.keys.createKey("alice", true);

    KeyInfo read = f.keys.keyInfo(created.key().accessKeyId());

    assertThat(read.key().accessKeyId()).matches("GK[0-9a-f]{24}");
    assertThat(read.key().secretKey()).matches("[0-9a-f]{64}").isEqualTo(created.key().secretKey());
    assertThat(read.key().name().value()).isEqualTo("alice");
    assertThat(read.key().allowCreateBucket().value()).isTrue();
    assertThat(read.key().created()).isEqualTo(Fixture.CLOCK.millis());
    assertThat(read.buckets()).isEmpty();
  }

  @Test
  void createKeyWithoutANameCallsItUnnamed() {
    KeyInfo created = f.keys.createKey(null, false);

    assertThat(created.key().name().value()).isEqualTo("Unnamed key");
    assertThat(created.key().allowCreateBucket().value()).isFalse();
  }

  @Test
  void getKeyInfoOfAnUnknownKeyIsNoSuchAccessKey() {
    assertThatThrownBy(() -> f.keys.keyInfo("GK000000000000000000000000"))
        .isInstanceOfSatisfying(
            AdminException.class,
            e -> assertThat(e.error()).isEqualTo(AdminError.NO_SUCH_ACCESS_KEY));
  }

  @Test
  void importKeyKeepsTheGivenIdAndSecret() {
    String id = "GK" + "ab".repeat(12);
    String secret = "cd".repeat(32);

    f.keys.importKey(id, secret, null);

    AccessKey key = f.keys.existingKey(id);
    assertThat(key.secretKey()).isEqualTo(secret);
    assertThat(key.name().value()).isEqualTo("Imported key");
    assertThat(key.allowCreateBucket().value()).isFalse();
  }

  @Test
  void importKeyRefusesAnIdEverUsedEvenByADeletedKey() {
    String id = "GK" + "ab".repeat(12);
    f.tables.put(AccessKey.tombstone(id));

    assertThatThrownBy(() -> f.keys.importKey(id, "cd".repeat(32), "again"))
        .isInstanceOfSatisfying(
            AdminException.class,
            e -> assertThat(e.error()).isEqualTo(AdminError.KEY_ALREADY_EXISTS));
  }

  @Test
  void importKeyRejectsMalformedIdsAndSecrets() {
    assertThatThrownBy(() -> f.keys.importKey("AK" + "ab".repeat(12), "cd".repeat(32), null))
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST));
    assertThatThrownBy(() -> f.keys.importKey("GK" + "ab".repeat(12), "short", null))
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST));
  }

  @Test
  void listKeysLeavesOutDeletedKeys() {
    KeyInfo kept = f.keys.createKey("kept", false);
    KeyInfo gone = f.keys.createKey("gone", false);
    f.tables.put(AccessKey.tombstone(gone.key().accessKeyId()));

    assertThat(f.keys.listKeys())
        .extracting(AccessKey::accessKeyId)
        .containsExactly(kept.key().accessKeyId());
  }

  @Test
  void searchFindsAKeyByIdPrefixOrByExactNameIgnoringCase() {
    KeyInfo alice = f.keys.createKey("Alice", false);
    f.keys.createKey("bob", false);
    String id = alice.key().accessKeyId();

    assertThat(f.keys.searchKey("alice").key().accessKeyId()).isEqualTo(id);
    assertThat(f.keys.searchKey(id.substring(0, 10).toUpperCase()).key().accessKeyId())
        .isEqualTo(id);
  }

  @Test
  void searchMatchingNoneOrSeveralKeysIsABadRequest() {
    f.keys.createKey("twin", false);
    f.keys.createKey("twin", false);

    assertThatThrownBy(() -> f.keys.searchKey("twin"))
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST));
    assertThatThrownBy(() -> f.keys.searchKey("nobody"))
        .isInstanceOfSatisfying(
            AdminException.class, e -> assertThat(e.error()).isEqualTo(AdminError.INVALID_REQUEST));
  }
}
