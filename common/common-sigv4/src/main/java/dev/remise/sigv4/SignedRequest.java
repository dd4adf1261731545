package dev.remise.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an HTTP request that a SigV4 signature covers, exactly as they arrived.
 *
 * <p>The signature is computed by the client over bytes it chose, so nothing here may be decoded or
 * normalised by the caller: {@code rawPath} is the still percent-encoded path (a servlet's {@code
 * getRequestURI()}), {@code rawQuery} the undecoded query string ({@code getQueryString()}; {@code
 * null} is read as empty), and {@code headers} every header line received, including the {@code
 * Host} header as sent. Header names are case-insensitive: they are stored lower-case, and repeated
 * headers keep all their values in order.
 */
public record SignedRequest(
    String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {

  public SignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    Objects.requireNonNull(headers, "headers");
    rawQuery = Objects.requireNonNullElse(rawQuery, "");
    headers = lowerCaseNames(headers);
  }

  /** All values of a header, in the order received; empty if absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    return headerValues(name).stream().findFirst();
  }

  private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> headers) {
    Map<String, List<String>> merged = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            merged
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
    Map<String, List<String>> copy = new LinkedHashMap<>();
    merged.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }
}
