package dev.remise.sigv4;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code name=value} pair of a raw query string, kept as received. The decoded forms answer
 * lookups ({@code X-Amz-Credential}); the canonical forms are re-encoded from the decoded bytes, so
 * however the client escaped a character, it signs the one SigV4 encoding of it.
 */
record QueryParameter(String rawName, String rawValue) {

  /** Splits on {@code '&'} and the first {@code '='}; {@code ?acl} is the pair ("acl", ""). */
  static List<QueryParameter> parse(String rawQuery) {
    List<QueryParameter> parameters = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      parameters.add(
          eq < 0
              ? new QueryParameter(pair, "")
              : new QueryParameter(pair.substring(0, eq), pair.substring(eq + 1)));
    }
    return parameters;
  }

  String name() {
    return UriEncoding.decodeToString(rawName, true);
  }

  String value() {
    return UriEncoding.decodeToString(rawValue, true);
  }

  String canonicalName() {
    return UriEncoding.encode(UriEncoding.decode(rawName, true), false);
  }

  String canonicalValue() {
    return UriEncoding.encode(UriEncoding.decode(rawValue, true), false);
  }
}
