package dev.remise.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives SigV4 is built from: SHA-256, HMAC-SHA256, the signing-key derivation chain and a
 * constant-time comparison of signatures.
 */
final class Crypto {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String TERMINATOR = "aws4_request";

  /**
   * SHA-256 of the empty string: every chunk's string to sign carries it in place of the hash of
   * the chunk's (always empty) headers.
   */
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final HexFormat HEX = HexFormat.of();

  private Crypto() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  static String sha256Hex(String text) {
    return hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK provides HmacSHA256", e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    return hmac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request"): the
   * key is bound to one day, region and service, so it is all a chunk verifier needs to hold.
   */
  static byte[] signingKey(String secretKey, String day, String region, String service) {
    byte[] dateKey = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    byte[] regionKey = hmac(dateKey, region);
    byte[] serviceKey = hmac(regionKey, service);
    return hmac(serviceKey, TERMINATOR);
  }

  /**
   * Compares a claimed hex signature with the computed one in time independent of where they
   * differ, so the comparison leaks nothing an attacker could use to forge a signature byte by
   * byte. A claim that is not 64 hex digits simply does not match.
   */
  static boolean signatureMatches(String claimedHex, byte[] computed) {
    byte[] claimed;
    try {
      claimed = HEX.parseHex(claimedHex);
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(claimed, computed);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
