package dev.remise.admin.access;

/**
 * Garage's check of bucket names (global and local aliases), which is AWS's naming rules: 3 to 63
 * characters of {@code [a-z0-9.-]}, starting and ending with a letter or digit, not an IPv4
 * address, no {@code xn--} (punycode) label and no {@code -s3alias} suffix. Names are checked when
 * they are created only, so a stricter rule later never hides an existing bucket.
 */
public final class BucketNames {
  private BucketNames() {}

  public static boolean isValid(String name) {
    if (name == null || name.length() < 3 || name.length() > 63) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
        return false;
      }
    }
    return !isSeparator(name.charAt(0))
        && !isSeparator(name.charAt(name.length() - 1))
        && !isIpv4Address(name)
        // Garage refuses punycode in every label, not only the first, unless allow_punycode is set.
        && !name.startsWith("xn--")
        && !name.contains(".xn--")
        && !name.endsWith("-s3alias");
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '-';
  }

  /** Four dot-separated decimal octets: such a name would be mistaken for a host address. */
  private static boolean isIpv4Address(String name) {
    String[] parts = name.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
