package dev.remise.admin.api;

import dev.remise.admin.access.AdminError;
import dev.remise.admin.access.AdminException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A configured bearer token ({@code Authorization: Bearer <token>}). Both sides are hashed before
 * the constant-time comparison, so neither the content nor the length of the token leaks through
 * timing. Surrounding spaces are ignored, as Garage trims tokens.
 */
public final class BearerToken {
  private static final String PREFIX = "Bearer ";

  /** SHA-256 of the token; null when no token is configured. */
  private final byte[] digest;

  private BearerToken(byte[] digest) {
    this.digest = digest;
  }

  /** A blank or null token configures nothing. */
  public static BearerToken of(String token) {
    return new BearerToken(token == null || token.isBlank() ? null : sha256(token.strip()));
  }

  public boolean configured() {
    return digest != null;
  }

  /**
   * Returns if {@code authorization} carries the token. Throws 401 without a header and 403 for
   * anything else, including every call when no token is configured.
   */
  public void check(String authorization) {
    if (digest == null) {
      throw new AdminException(AdminError.ACCESS_DENIED, "No token is configured for this API");
    }
    if (authorization == null) {
      throw new AdminException(
          AdminError.UNAUTHORIZED, "Bearer token must be provided in Authorization header");
    }
    if (!authorization.startsWith(PREFIX)) {
      throw new AdminException(AdminError.ACCESS_DENIED, "Invalid Authorization header");
    }
    byte[] given = sha256(authorization.substring(PREFIX.length()).strip());
    if (!MessageDigest.isEqual(digest, given)) {
      throw new AdminException(AdminError.ACCESS_DENIED, "Invalid bearer token");
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return configured() ? "BearerToken[redacted]" : "BearerToken[none]";
  }
}
