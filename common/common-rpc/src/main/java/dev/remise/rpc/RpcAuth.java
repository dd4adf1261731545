package dev.remise.rpc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof of the cluster secret on internal calls: header {@value #HEADER} = {@code t=<unix
 * seconds>,n=<nonce>, s=<hex HMAC-SHA256(key, method \n path?query \n t \n n)>}, where the key is
 * derived from the rpc_secret so the secret itself never serves two purposes. A proof is accepted
 * for {@link #WINDOW_SECONDS} around the receiver's clock. This authenticates callers; it does not
 * encrypt traffic (internal links are expected to be private or tunnelled until the transport gains
 * encryption).
 */
public final class RpcAuth {
  public static final String HEADER = "X-Remise-Rpc-Auth";
  public static final long WINDOW_SECONDS = 300;

  private final byte[] macKey;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  public RpcAuth(RpcSecret secret, InstantSource clock) {
    this.macKey = hmac(secret.key(), "remise rpc auth v1".getBytes(StandardCharsets.US_ASCII));
    this.clock = clock;
  }

  public String proof(String method, String pathAndQuery) {
    long t = clock.millis() / 1000;
    byte[] n = new byte[12];
    random.nextBytes(n);
    String nonce = HexFormat.of().formatHex(n);
    return "t=" + t + ",n=" + nonce + ",s=" + sign(method, pathAndQuery, t, nonce);
  }

  /**
   * True iff {@code header} is a fresh proof for this request made with the same cluster secret.
   */
  public boolean verify(String method, String pathAndQuery, String header) {
    if (header == null) {
      return false;
    }
    String[] parts = header.split(",", -1);
    if (parts.length != 3
        || !parts[0].startsWith("t=")
        || !parts[1].startsWith("n=")
        || !parts[2].startsWith("s=")) {
      return false;
    }
    long t;
    try {
      t = Long.parseLong(parts[0].substring(2));
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(clock.millis() / 1000 - t) > WINDOW_SECONDS) {
      return false;
    }
    String expected = sign(method, pathAndQuery, t, parts[1].substring(2));
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        parts[2].substring(2).getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String method, String pathAndQuery, long t, String nonce) {
    String msg = method + "\n" + pathAndQuery + "\n" + t + "\n" + nonce;
    return HexFormat.of().formatHex(hmac(macKey, msg.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(byte[] key, byte[] msg) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(msg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
