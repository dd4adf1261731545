package dev.remise.layout;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node capacities as operators write and read them. As in Garage, capacities are bytes in SI units:
 * {@code 1T} or {@code 1TB} is 10<sup>12</sup> bytes, not 2<sup>40</sup>; binary units are accepted
 * when spelled as such ({@code 1TiB}).
 */
public final class Capacity {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgtp])(i?))?b?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "kmgtp";
  private static final String[] NAMES = {"B", "kB", "MB", "GB", "TB", "PB"};

  private Capacity() {}

  /**
   * Bytes of {@code text}: a number with an optional unit, {@code K}, {@code M}, {@code G}, {@code
   * T} or {@code P} (powers of 1000), optionally followed by {@code B}, or {@code Ki} to {@code Pi}
   * (powers of 1024). A fraction is allowed ({@code 1.5T}) and rounded down to whole bytes.
   *
   * @throws IllegalArgumentException when {@code text} is not a size
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid capacity \""
              + text
              + "\": use bytes or a number with K, M, G, T or P (SI units, e.g. 500G or 1.5T)");
    }
    BigDecimal bytes = new BigDecimal(m.group(1));
    if (m.group(2) != null) {
      int power = UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
      BigDecimal base = BigDecimal.valueOf(m.group(3).isEmpty() ? 1000 : 1024);
      bytes = bytes.multiply(base.pow(power));
    }
    try {
      return bytes.toBigInteger().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("capacity \"" + text + "\" is too large", e);
    }
  }

  /** {@code bytes} in the largest SI unit that keeps it at 1 or more, with one decimal. */
  public static String format(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < NAMES.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, NAMES[unit]);
  }
}
