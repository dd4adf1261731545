package dev.remise.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An aws-chunked encoder for tests, written from the AWS documentation independently of the decoder
 * (the SDK tests hold both to the AWS SDK). It can put a chosen value in the checksum trailer, so
 * tests can send a wrong checksum that is still correctly signed.
 */
final class ChunkedBodies {
  static final String AMZ_DATE = "20130524T000000Z";
  static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
  static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  static final byte[] SIGNING_KEY =
      Crypto.signingKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");

  private ChunkedBodies() {}

  static AuthenticatedRequest request(PayloadMode mode) {
    return new AuthenticatedRequest(
        "AKIAIOSFODNN7EXAMPLE", SIGNING_KEY, SEED, SCOPE, AMZ_DATE, mode);
  }

  /** Encodes {@code payload} in chunks of the given sizes (the last one repeats as needed). */
  static byte[] encode(
      PayloadMode mode,
      byte[] payload,
      List<Integer> chunkSizes,
      Optional<ChecksumAlgorithm> checksum) {
    return encode(mode, payload, chunkSizes, checksum, checksum.map(a -> checksum(a, payload)));
  }

  static byte[] encode(
      PayloadMode mode,
      byte[] payload,
      List<Integer> chunkSizes,
      Optional<ChecksumAlgorithm> checksum,
      Optional<String> trailerValue) {
    boolean signed = mode instanceof PayloadMode.StreamingSigned;
    boolean trailer =
        mode instanceof PayloadMode.StreamingUnsignedTrailer
            || (mode instanceof PayloadMode.StreamingSigned(boolean t) && t);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String previous = SEED;
    int offset = 0;
    int chunk = 0;
    while (true) {
      int size =
          Math.min(
              chunkSizes.get(Math.min(chunk++, chunkSizes.size() - 1)), payload.length - offset);
      String header = Integer.toHexString(size);
      if (signed) {
        previous =
            hmac(
                "AWS4-HMAC-SHA256-PAYLOAD\n%s\n%s\n%s\n%s\n%s"
                    .formatted(
                        AMZ_DATE,
                        SCOPE,
                        previous,
                        sha256Hex(new byte[0]),
                        sha256Hex(Arrays.copyOfRange(payload, offset, offset + size))));
        header += ";chunk-signature=" + previous;
      }
      write(out, header + "\r\n");
      if (size == 0) {
        break;
      }
      out.write(payload, offset, size);
      write(out, "\r\n");
      offset += size;
    }
    if (trailer) {
      String lines =
          checksum.map(a -> a.headerName() + ":" + trailerValue.orElseThrow() + "\n").orElse("");
      write(out, lines.replace("\n", "\r\n"));
      if (signed) {
        String signature =
            hmac(
                "AWS4-HMAC-SHA256-TRAILER\n%s\n%s\n%s\n%s"
                    .formatted(
                        AMZ_DATE,
                        SCOPE,
                        previous,
                        sha256Hex(lines.getBytes(StandardCharsets.US_ASCII))));
        write(out, "x-amz-trailer-signature:" + signature + "\r\n");
      }
    }
    write(out, "\r\n");
    return out.toByteArray();
  }

  static String checksum(ChecksumAlgorithm algorithm, byte[] payload) {
    Checksummer checksummer = algorithm.newChecksummer();
    checksummer.update(payload, 0, payload.length);
    return checksummer.base64();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmac(String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SIGNING_KEY, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
