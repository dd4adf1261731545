package dev.remise.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4 from the specification in a few lines, with every canonical part given explicitly: for
 * requests that no SDK would produce (a client that signs its raw path, omits the payload header,
 * uses a Date header). The canonical parts are the test's claim of what such a client signs.
 */
final class ReferenceSigner {
  private ReferenceSigner() {}

  /**
   * @param signedHeaders lower-case name to canonical value, in signing order
   */
  static String signature(
      String secretKey,
      String amzDate,
      String region,
      String service,
      String method,
      String canonicalUri,
      String canonicalQuery,
      Map<String, String> signedHeaders,
      String payloadHash) {
    String canonicalRequest =
        String.join(
            "\n",
            method,
            canonicalUri,
            canonicalQuery,
            signedHeaders.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining()),
            String.join(";", signedHeaders.keySet()),
            payloadHash);
    String day = amzDate.substring(0, 8);
    String stringToSign =
        String.join(
            "\n",
            "AWS4-HMAC-SHA256",
            amzDate,
            day + "/" + region + "/" + service + "/aws4_request",
            hex(sha256(canonicalRequest)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, stringToSign));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
