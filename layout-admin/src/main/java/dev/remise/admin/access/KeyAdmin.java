package dev.remise.admin.access;

import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Access-key operations of the admin API (Garage's key endpoints): create, import, list, look up.
 * An id is {@code GK} + 12 random bytes in hex and a secret 32 random bytes in hex, as in Garage,
 * so keys move between Garage and Remise with ImportKey.
 */
public final class KeyAdmin {
  private static final HexFormat HEX = HexFormat.of();

  private final AdminTables tables;
  private final InstantSource clock;
  private final RandomGenerator random;

  /**
   * @param random the source of key ids and secrets: a {@code SecureRandom} outside tests.
   */
  public KeyAdmin(AdminTables tables, InstantSource clock, RandomGenerator random) {
    this.tables = tables;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A new key with a fresh id and secret. The id is not checked for collisions: 96 random bits make
   * one as unlikely as a guessed secret, and Garage does not check either.
   */
  public KeyInfo createKey(String name, boolean allowCreateBucket) {
    AccessKey key =
        AccessKey.create(
            "GK" + randomHex(12),
            randomHex(32),
            name == null ? "Unnamed key" : name,
            clock.millis(),
            allowCreateBucket);
    tables.put(key);
    return info(key);
  }

  /**
   * A key with an id and secret chosen elsewhere (a migration from Garage, a restore). Refused if
   * the id was ever used here, even by a deleted key: a deleted key's tombstone would win any
   * merge.
   */
  public KeyInfo importKey(String accessKeyId, String secretKey, String name) {
    if (!isValidKeyId(accessKeyId) || !isValidSecret(secretKey)) {
      throw new AdminException(
          AdminError.INVALID_REQUEST,
          "Invalid key format: the id must be GK followed by 24 hex digits and the secret 64 hex"
              + " digits");
    }
    if (tables.key(accessKeyId).isPresent()) {
      throw new AdminException(
          AdminError.KEY_ALREADY_EXISTS,
          "Access key "
              + accessKeyId
              + " already exists, possibly deleted; a key id is never reused");
    }
    AccessKey key =
        AccessKey.create(
            accessKeyId, secretKey, name == null ? "Imported key" : name, clock.millis(), false);
    tables.put(key);
    return info(key);
  }

  public List<AccessKey> listKeys() {
    return tables.liveKeys();
  }

  public AccessKey existingKey(String accessKeyId) {
    return tables
        .liveKey(accessKeyId)
        .orElseThrow(
            () ->
                new AdminException(
                    AdminError.NO_SUCH_ACCESS_KEY, "Access key not found: " + accessKeyId));
  }

  public KeyInfo keyInfo(String accessKeyId) {
    return info(existingKey(accessKeyId));
  }

  /**
   * Garage's search: a case-insensitive prefix of the id, or the whole name. Anything but exactly
   * one match is a bad request (Garage answers 400 for none too, and tools expect that).
   */
  public KeyInfo searchKey(String search) {
    String pattern = search.toLowerCase(Locale.ROOT);
    List<AccessKey> matches =
        tables.liveKeys().stream()
            .filter(
                k ->
                    k.accessKeyId().toLowerCase(Locale.ROOT).startsWith(pattern)
                        || k.name().value().toLowerCase(Locale.ROOT).equals(pattern))
            .toList();
    if (matches.size() != 1) {
      throw new AdminException(
          AdminError.INVALID_REQUEST, matches.size() + " keys match \"" + search + "\"");
    }
    return info(matches.getFirst());
  }

  /** The key with every live bucket it holds a permission on, from its own permission map. */
  public KeyInfo info(AccessKey key) {
    List<Bucket> buckets =
        key.authorizedBuckets().entrySet().stream()
            .filter(e -> e.getValue().any())
            .map(e -> tables.liveBucket(e.getKey()))
            .flatMap(Optional::stream)
            .toList();
    return new KeyInfo(key, buckets);
  }

  /** Garage's key id format; hex digits of either case, as Garage's import accepts. */
  public static boolean isValidKeyId(String id) {
    return id != null && id.length() == 26 && id.startsWith("GK") && isHex(id.substring(2));
  }

  public static boolean isValidSecret(String secret) {
    return secret != null && secret.length() == 64 && isHex(secret);
  }

  private static boolean isHex(String s) {
    return s.chars().allMatch(HexFormat::isHexDigit);
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HEX.formatHex(b);
  }
}
