package dev.remise.s3.api;

import java.util.Comparator;

/**
 * The order of object keys: lexicographic over their UTF-8 bytes, which is the order S3 lists keys
 * in and the order the metadata store keeps them in. Every comparison of keys in the S3 API goes
 * through here.
 *
 * <p>It is not {@link String#compareTo}: Java compares UTF-16 code units, so a key with a character
 * above U+FFFF (stored as a surrogate pair, {@code D800..DFFF}) sorts before one with
 * U+E000..U+FFFF, while in UTF-8 it sorts after. Lexicographic UTF-8 byte order is exactly Unicode
 * code point order, which is what this class implements, without encoding anything. Keys are
 * well-formed strings (the router rejects paths that are not UTF-8), so code points are well
 * defined.
 */
public final class KeyOrder {
  /** Compares keys by their UTF-8 bytes. */
  public static final Comparator<String> UTF8 = KeyOrder::compare;

  private KeyOrder() {}

  /** Compares by UTF-8 bytes, that is, by code points. */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Both strings agree before i, so x and y are both lone units or both start (or both end) a
        // pair. Moving the
        // surrogates above U+E000..U+FFFF turns code unit order into code point order (the fix-up
        // ICU uses).
        return Integer.compare(codePointRank(x), codePointRank(y));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /**
   * The smallest key greater than {@code key}: in byte order nothing fits between a string and
   * itself plus NUL.
   */
  public static String successor(String key) {
    return key + '\0';
  }

  /**
   * The smallest string greater than every string that starts with {@code prefix}, or {@code null}
   * if there is none (the prefix is empty or made only of U+10FFFF). Listing seeks there to skip a
   * whole common prefix in one read.
   *
   * <p>This is the prefix with its last code point incremented, after dropping trailing U+10FFFF,
   * which cannot be incremented. Incrementing bytes instead would be wrong: {@code "a\u007F"} would
   * become the invalid UTF-8 {@code 61 80}. The surrogate range is skipped, since no well-formed
   * string contains those code points.
   */
  public static String prefixEnd(String prefix) {
    int end = prefix.length();
    while (end > 0) {
      int last = prefix.codePointBefore(end);
      int width = Character.charCount(last);
      if (last < Character.MAX_CODE_POINT) {
        int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
        return prefix.substring(0, end - width) + Character.toString(next);
      }
      end -= width;
    }
    return null;
  }

  private static int codePointRank(char c) {
    if (c >= 0xE000) {
      return c - 0x800;
    }
    if (c >= Character.MIN_SURROGATE) {
      return c + 0x2000;
    }
    return c;
  }
}
