package dev.remise.s3.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as S3 uses it (RFC 3986 over UTF-8), in both directions.
 *
 * <p>Decoding is for request paths: {@code +} stays a plus (it means space only in HTML forms, and
 * S3 keys may contain {@code +}), and the decoded bytes must be well-formed UTF-8. Keys are
 * therefore always well-formed strings, which the listing order relies on. Encoding is for {@code
 * encoding-type=url} listings.
 */
final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /**
   * Decodes a raw path or path segment.
   *
   * @throws S3Exception {@link S3Error#INVALID_URI} for a {@code %} not followed by two hex digits,
   *     or bytes that are not UTF-8
   */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      // A run of consecutive escapes is decoded together: one character may span several (%C3%A9 is
      // é).
      run.reset();
      while (i < raw.length() && raw.charAt(i) == '%') {
        if (i + 3 > raw.length()) {
          throw invalid(raw);
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw invalid(raw);
        }
        run.write(high << 4 | low);
        i += 3;
      }
      out.append(utf8(run.toByteArray(), raw));
    }
    return out.toString();
  }

  /**
   * Encodes a key or prefix for an {@code encoding-type=url} listing: every UTF-8 byte except the
   * RFC 3986 unreserved characters and {@code /}, as AWS does. A space becomes {@code %20}, not
   * {@code +}, so that both a strict percent-decoder and a form decoder (botocore's {@code
   * unquote_plus}) read the key back unchanged.
   */
  static String encodeKeepingSlash(String value) {
    StringBuilder out = null;
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean keep =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '_'
              || b == '.'
              || b == '~'
              || b == '/';
      if (keep) {
        if (out != null) {
          out.append((char) b);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(bytes.length * 3);
        for (int j = 0; j < i; j++) {
          out.append((char) bytes[j]);
        }
      }
      out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }
    return out == null ? value : out.toString();
  }

  private static String utf8(byte[] bytes, String raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid(raw);
    }
  }

  private static S3Exception invalid(String raw) {
    return new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI: " + raw);
  }
}
