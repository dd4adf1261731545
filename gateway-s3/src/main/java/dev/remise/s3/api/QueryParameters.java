package dev.remise.s3.api;

import java.util.List;
import java.util.Map;

/**
 * The decoded query string of a request, with S3's reading rules: a parameter given with an empty
 * value counts as not given (SDKs send {@code prefix=} for "no prefix"), and a parameter that
 * matters given twice is refused rather than guessed at, because two layers picking different
 * copies is how requests get misread.
 */
record QueryParameters(Map<String, List<String>> values) {
  /**
   * AWS's cap on list page sizes; a larger {@code max-keys} is silently lowered to it, as AWS does.
   */
  static final int MAX_KEYS = 1000;

  QueryParameters {
    values = values == null ? Map.of() : values;
  }

  /**
   * Whether the parameter is present at all, with or without a value ({@code ?uploads}, {@code
   * ?uploadId=}).
   */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The parameter's value, or {@code null} when absent or empty. */
  String single(String name) {
    List<String> all = values.get(name);
    if (all == null || all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "Query parameter " + name + " is given more than once");
    }
    String value = all.getFirst();
    return value == null || value.isEmpty() ? null : value;
  }

  /** {@code max-keys}: default and cap {@value #MAX_KEYS}; zero is allowed and lists nothing. */
  int maxKeys() {
    String raw = single("max-keys");
    if (raw == null) {
      return MAX_KEYS;
    }
    long parsed;
    try {
      parsed = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "Provided max-keys not an integer or within integer range");
    }
    if (parsed < 0 || parsed > Integer.MAX_VALUE) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT,
          "Argument max-keys must be an integer between 0 and 2147483647");
    }
    return (int) Math.min(parsed, MAX_KEYS);
  }

  /** {@code encoding-type}: {@code url} is the only encoding S3 defines. */
  boolean urlEncoding() {
    String raw = single("encoding-type");
    if (raw == null) {
      return false;
    }
    if (!raw.equalsIgnoreCase("url")) {
      throw new S3Exception(
          S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request");
    }
    return true;
  }

  boolean flag(String name) {
    String raw = single(name);
    if (raw == null || raw.equalsIgnoreCase("false")) {
      return false;
    }
    if (raw.equalsIgnoreCase("true")) {
      return true;
    }
    throw new S3Exception(S3Error.INVALID_ARGUMENT, name + " must be true or false");
  }
}
