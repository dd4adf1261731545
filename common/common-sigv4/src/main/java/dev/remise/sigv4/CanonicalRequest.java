package dev.remise.sigv4;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Step 1 of SigV4: the canonical request, six lines that pin down what was signed.
 *
 * <pre>
 * METHOD
 * canonical URI        the path, percent-encoded the SigV4 way
 * canonical query      every parameter re-encoded, sorted by name then value
 * canonical headers    "name:value\n" for each signed header, in the signed order
 * signed headers       the names joined with ';'
 * payload hash         x-amz-content-sha256 (or UNSIGNED-PAYLOAD)
 * </pre>
 */
record CanonicalRequest(
    String method,
    String uri,
    String query,
    String headers,
    String signedHeaders,
    String payloadHash) {
  private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

  String text() {
    // The header block ends with its own '\n', which leaves the blank line SigV4 requires.
    return String.join("\n", method, uri, query, headers, signedHeaders, payloadHash);
  }

  /**
   * The canonical URIs a client may have signed for this raw path, most likely first.
   *
   * <p>S3 signs the path encoded once: the raw path is split at {@code '/'}, each segment decoded
   * and re-encoded, so however a client escaped the key {@code a b+c%2Fd}, it is signed as {@code
   * a%20b%2Bc%252Fd}, as AWS SDK v2, botocore and rclone put it on the wire; an escaped {@code %2F}
   * stays inside its segment, and {@code '+'} is a plus, not a space. Every other service (K2V)
   * signs the path encoded twice, i.e. the raw path encoded again, as the AWS SDKs and Garage do.
   *
   * <p>The second candidate is the other reading of what the client sent: the raw path itself for
   * S3 (a client that signs its bytes as sent, with its own escaping choices), the normalised path
   * encoded again otherwise. Both describe the same decoded path, so accepting either lets in no
   * request that the client did not sign; it costs one more HMAC, and only on a mismatch.
   */
  static List<String> uriCandidates(String rawPath, boolean encodeTwice) {
    String path = rawPath.isEmpty() ? "/" : rawPath;
    String normalized = normalizedPath(path);
    Set<String> candidates = new LinkedHashSet<>();
    if (encodeTwice) {
      candidates.add(UriEncoding.encode(path, true));
      candidates.add(UriEncoding.encode(normalized, true));
    } else {
      candidates.add(normalized);
      candidates.add(path);
    }
    return List.copyOf(candidates);
  }

  /** Each {@code '/'}-separated segment decoded and encoded once, the slashes kept. */
  static String normalizedPath(String rawPath) {
    return Arrays.stream(rawPath.split("/", -1))
        .map(segment -> UriEncoding.encode(UriEncoding.decode(segment, false), false))
        .collect(Collectors.joining("/"));
  }

  /**
   * Sorted by encoded name, then by encoded value (so {@code Param} sorts before {@code Param-3},
   * as the AWS test suite requires). For a presigned URL the signature parameter is left out: it
   * cannot sign itself.
   */
  static String query(List<QueryParameter> parameters, boolean presigned) {
    return parameters.stream()
        .filter(p -> !(presigned && p.name().equals("X-Amz-Signature")))
        .map(p -> Map.entry(p.canonicalName(), p.canonicalValue()))
        .sorted(
            Map.Entry.<String, String>comparingByKey(Comparator.naturalOrder())
                .thenComparing(Map.Entry.comparingByValue()))
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }

  /**
   * {@code name:value\n} per signed header; repeated headers join their values with {@code ','}.
   *
   * @throws SigV4Exception if a signed header is absent: the client signed something else
   */
  static String headers(List<String> signedHeaders, SignedRequest request) {
    StringBuilder block = new StringBuilder();
    for (String name : signedHeaders) {
      List<String> values = request.headerValues(name);
      if (values.isEmpty()) {
        throw new SigV4Exception(
            AuthFailure.SIGNATURE_DOES_NOT_MATCH,
            "The header '" + name + "' is signed but absent from the request");
      }
      block.append(name).append(':');
      block.append(values.stream().map(CanonicalRequest::trimAll).collect(Collectors.joining(",")));
      block.append('\n');
    }
    return block.toString();
  }

  /**
   * AWS's "Trimall": leading and trailing whitespace removed, inner runs collapsed to one space
   * (quoted strings included, and a folded multi-line value becomes one line).
   */
  static String trimAll(String value) {
    return WHITESPACE_RUN.matcher(value.strip()).replaceAll(" ");
  }

  /** Step 2: the string to sign, which binds the canonical request to a date and scope. */
  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return String.join("\n", Crypto.ALGORITHM, amzDate, scope, Crypto.sha256Hex(canonicalRequest));
  }
}
