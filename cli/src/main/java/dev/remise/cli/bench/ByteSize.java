package dev.remise.cli.bench;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object sizes as people write them: binary units ({@code KiB}, {@code MiB}, {@code GiB}, {@code
 * TiB}, powers of 1024) and decimal ones ({@code KB}, {@code MB}, {@code GB}, {@code TB}, powers of
 * 1000, as MB/s figures are reported), or plain bytes ({@code 4096}, {@code 4096B}). Units are
 * case-insensitive. A lone {@code K}, {@code M} or {@code G} is refused: half the tools read it as
 * binary, half as decimal.
 */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB"};
  private static final String[] DECIMAL = {"B", "KB", "MB", "GB", "TB"};

  private ByteSize() {}

  /**
   * @throws IllegalArgumentException on an unknown unit, a size that is not a whole number of
   *     bytes, or one beyond {@link Long#MAX_VALUE}
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: write e.g. 4KiB, 64MiB (binary) or 100KB, 1MB (decimal)");
    }
    long multiplier = multiplier(m.group(2), text);
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
    try {
      return bytes.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a whole number of bytes (or is too large)");
    }
  }

  private static long multiplier(String unit, String text) {
    String u = unit.toLowerCase(Locale.ROOT);
    if (u.isEmpty() || u.equals("b")) {
      return 1;
    }
    for (int i = 1; i < BINARY.length; i++) {
      if (u.equals(BINARY[i].toLowerCase(Locale.ROOT))) {
        return 1L << (10 * i);
      }
      if (u.equals(DECIMAL[i].toLowerCase(Locale.ROOT))) {
        return pow1000(i);
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "': unknown unit '"
            + unit
            + "'; use B, KiB, MiB, GiB, TiB (powers of 1024) or KB, MB, GB, TB (powers of 1000)");
  }

  /**
   * The shortest exact spelling: the largest binary unit that divides the size, else the largest
   * decimal one, else bytes ({@code 67108864} is {@code 64MiB}, {@code 1000000} is {@code 1MB}).
   */
  public static String format(long bytes) {
    if (bytes <= 0) {
      return bytes + "B";
    }
    for (int i = BINARY.length - 1; i >= 1; i--) {
      long b = 1L << (10 * i);
      if (bytes % b == 0) {
        return bytes / b + BINARY[i];
      }
      long d = pow1000(i);
      if (bytes % d == 0 && bytes % (1L << 10) != 0) {
        return bytes / d + DECIMAL[i];
      }
    }
    return bytes + "B";
  }

  private static long pow1000(int exponent) {
    long r = 1;
    for (int i = 0; i < exponent; i++) {
      r *= 1000;
    }
    return r;
  }
}
