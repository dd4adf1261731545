package dev.remise.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as SigV4 defines it: the RFC 3986 unreserved bytes ({@code A-Z a-z 0-9 - . _ ~})
 * stay as they are, every other byte of the UTF-8 form becomes {@code %XY} with upper-case hex.
 * Decoding works on bytes, so a key that is not valid UTF-8 still round-trips exactly.
 */
final class UriEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriEncoding() {}

  /** Encodes every byte outside the unreserved set; a {@code '/'} is kept if {@code keepSlash}. */
  static String encode(byte[] bytes, boolean keepSlash) {
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c) || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  static String encode(String text, boolean keepSlash) {
    return encode(text.getBytes(StandardCharsets.UTF_8), keepSlash);
  }

  /**
   * Decodes {@code %XY} escapes (either hex case) into bytes; other characters contribute their
   * UTF-8 bytes. A {@code '%'} not followed by two hex digits is kept literally, as lenient servers
   * do, rather than failing a request the client may well have signed that way. In a query, {@code
   * '+'} means a space (form encoding); in a path it is a plain {@code '+'}.
   */
  static byte[] decode(String text, boolean plusIsSpace) {
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '%' && i + 2 < in.length && isHex(in[i + 1]) && isHex(in[i + 2])) {
        out.write(Character.digit(in[i + 1], 16) << 4 | Character.digit(in[i + 2], 16));
        i += 2;
      } else if (b == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  static String decodeToString(String text, boolean plusIsSpace) {
    return new String(decode(text, plusIsSpace), StandardCharsets.UTF_8);
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }
}
