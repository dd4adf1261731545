package dev.remise.s3.web;

import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the raw query string ourselves: the servlet container's parameter parsing would also read
 * form bodies, which S3 bodies must never be mistaken for. Names without '=' (subresources such as
 * {@code ?uploads}) map to "".
 */
final class QueryString {
  private QueryString() {}

  static Map<String, List<String>> parse(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new S3Exception(S3Error.INVALID_URI, "Couldn't parse the specified URI.");
    }
  }
}
