package dev.remise.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The cluster secret ({@code rpc_secret}, 32 bytes as 64 hex digits, as Garage's). Every internal
 * call proves it knows the secret; a process without it gets nothing from any internal port.
 */
public record RpcSecret(byte[] key) {

  public RpcSecret {
    if (key.length != 32) {
      throw new IllegalArgumentException("rpc_secret must be 32 bytes (64 hex digits)");
    }
    key = key.clone();
  }

  public static RpcSecret fromHex(String hex) {
    String h = hex.strip();
    if (h.length() != 64) {
      throw new IllegalArgumentException("rpc_secret must be 64 hex digits, got " + h.length());
    }
    return new RpcSecret(HexFormat.of().parseHex(h));
  }

  public static RpcSecret generate() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return new RpcSecret(k);
  }

  /**
   * The secret a role is configured with: {@code hex} (the {@code rpc-secret} setting) when set,
   * else the one kept in {@code file}, created on first start.
   */
  public static RpcSecret configured(String hex, Path file) throws IOException {
    return hex == null || hex.isBlank() ? loadOrCreate(file) : fromHex(hex);
  }

  /** Reads the secret from {@code file}, creating it (owner-only permissions) on first start. */
  public static RpcSecret loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return fromHex(Files.readString(file, StandardCharsets.US_ASCII));
    }
    RpcSecret s = generate();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, s.hex() + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: keep the default permissions.
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return s;
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(key);
  }

  @Override
  public String toString() {
    return "RpcSecret[redacted]";
  }
}
