package dev.remise.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The credentials of a single-node server: admin token, default access key and default bucket.
 * Taken from the environment ({@code REMISE_ADMIN_TOKEN}, {@code REMISE_DEFAULT_ACCESS_KEY}, {@code
 * REMISE_DEFAULT_SECRET_KEY}, {@code REMISE_DEFAULT_BUCKET}) or the command line when given,
 * otherwise generated once and kept in {@code <data dir>/single-node.properties} (owner-only), so a
 * restart reuses them.
 */
record SingleNodeIdentity(
    String adminToken, String accessKeyId, String secretKey, String defaultBucket) {

  static final String FILE_NAME = "single-node.properties";
  private static final Pattern KEY_ID = Pattern.compile("GK[0-9a-f]{24}");
  private static final Pattern SECRET = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  static SingleNodeIdentity loadOrCreate(Path dataDir, Map<String, String> env, String bucketOption)
      throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    Properties stored = read(file);
    String token = pick(env.get("REMISE_ADMIN_TOKEN"), stored.getProperty("admin_token"), hex(32));
    String keyId =
        pick(
            env.get("REMISE_DEFAULT_ACCESS_KEY"),
            stored.getProperty("access_key_id"),
            "GK" + hex(12));
    String secret =
        pick(
            env.get("REMISE_DEFAULT_SECRET_KEY"), stored.getProperty("secret_access_key"), hex(32));
    String bucket =
        pick(
            bucketOption,
            pick(env.get("REMISE_DEFAULT_BUCKET"), stored.getProperty("default_bucket"), null),
            null);
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException(
          "REMISE_DEFAULT_ACCESS_KEY must be GK followed by 24 lowercase hex digits, got " + keyId);
    }
    if (!SECRET.matcher(secret).matches()) {
      throw new IllegalArgumentException(
          "REMISE_DEFAULT_SECRET_KEY must be 64 lowercase hex digits");
    }
    SingleNodeIdentity id = new SingleNodeIdentity(token, keyId, secret, bucket);
    id.write(file);
    return id;
  }

  static Properties read(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }

  private void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Properties p = new Properties();
    p.setProperty("admin_token", adminToken);
    p.setProperty("access_key_id", accessKeyId);
    p.setProperty("secret_access_key", secretKey);
    if (defaultBucket != null) {
      p.setProperty("default_bucket", defaultBucket);
    }
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "Remise single-node credentials: keep private");
    }
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system.
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String pick(String first, String second, String fallback) {
    if (first != null && !first.isBlank()) {
      return first.strip();
    }
    if (second != null && !second.isBlank()) {
      return second.strip();
    }
    return fallback;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
