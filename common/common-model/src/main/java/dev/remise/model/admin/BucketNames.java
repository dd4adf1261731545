package dev.remise.model.admin;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS's rules for the name of a new bucket (general purpose buckets): 3 to 63 characters of {@code
 * a-z 0-9 . -}, starting and ending with a letter or digit, no two adjacent dots, not shaped like
 * an IPv4 address, and none of the prefixes and suffixes AWS reserves for its own naming schemes.
 * Keeping to them keeps every bucket addressable as a DNS label in virtual-host style, and keeps
 * names portable to and from AWS. Garage applies the same rules; its optional punycode ({@code
 * xn--}) exception is not carried over. The S3 API and the admin API both name buckets by these
 * rules.
 */
public final class BucketNames {
  private static final Pattern IPV4_SHAPED =
      Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  /** Prefixes AWS reserves: punycode labels, S3 internal names, and its documentation examples. */
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");

  /**
   * Suffixes AWS reserves for access point aliases, Object Lambda, directory and table buckets, and
   * MRAP.
   */
  private static final List<String> RESERVED_SUFFIXES =
      List.of("-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap");

  private BucketNames() {}

  /** Whether a bucket may be created under this name. */
  public static boolean isValid(String name) {
    return problem(name).isEmpty();
  }

  /** The rule {@code name} breaks, if any, in words an operator can act on. */
  public static Optional<String> problem(String name) {
    return Optional.ofNullable(firstProblem(name));
  }

  private static String firstProblem(String name) {
    if (name == null || name.length() < 3 || name.length() > 63) {
      return "bucket names must be between 3 and 63 characters long";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isLetterOrDigit(c) || c == '.' || c == '-')) {
        return "bucket names may only contain lowercase letters, digits, dots and hyphens";
      }
    }
    if (!isLetterOrDigit(name.charAt(0)) || !isLetterOrDigit(name.charAt(name.length() - 1))) {
      return "bucket names must begin and end with a letter or a digit";
    }
    if (name.contains("..")) {
      return "bucket names must not contain two adjacent dots";
    }
    if (IPV4_SHAPED.matcher(name).matches()) {
      return "bucket names must not be formatted as an IP address";
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return "the prefix " + prefix + " is reserved";
      }
    }
    for (String suffix : RESERVED_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return "the suffix " + suffix + " is reserved";
      }
    }
    return null;
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
