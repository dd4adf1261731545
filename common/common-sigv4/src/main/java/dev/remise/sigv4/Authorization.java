package dev.remise.sigv4;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a request claims about its signature, read either from the {@code Authorization} header or
 * from the {@code X-Amz-*} parameters of a presigned URL. Nothing here is trusted yet: {@link
 * SigV4Verifier} checks every claim.
 */
sealed interface Authorization {
  /** A presigned URL may live at most a week (AWS's limit, also Garage's). */
  long MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

  Credential credential();

  /** Lower-case header names, in the order the client listed (and therefore signed) them. */
  List<String> signedHeaders();

  String signature();

  RequestDate date();

  /** The last line of the canonical request, as the client sent it. */
  String payloadHash();

  /** {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
  record Header(
      Credential credential,
      List<String> signedHeaders,
      String signature,
      RequestDate date,
      String payloadHash)
      implements Authorization {}

  /** {@code ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=...&X-Amz-Signature=...}. */
  record Presigned(
      Credential credential,
      List<String> signedHeaders,
      String signature,
      RequestDate date,
      String payloadHash,
      Duration expires)
      implements Authorization {}

  /**
   * Presigned parameters are looked at first, as Garage does: a browser following a presigned URL
   * may add an {@code Authorization} header that has nothing to do with AWS.
   */
  static Authorization of(SignedRequest request, List<QueryParameter> query) {
    if (query.stream().anyMatch(p -> p.name().equals("X-Amz-Algorithm"))) {
      return presigned(request, query);
    }
    if (!request.headerValues("authorization").isEmpty()) {
      return header(request);
    }
    throw new SigV4Exception(AuthFailure.ACCESS_DENIED, "Anonymous access is not supported");
  }

  private static Header header(SignedRequest request) {
    List<String> headers = request.headerValues("authorization");
    if (headers.size() != 1) {
      throw malformed("A request must carry one Authorization header");
    }
    String header = headers.getFirst().strip();
    int space = header.indexOf(' ');
    String algorithm = space < 0 ? header : header.substring(0, space);
    if (!algorithm.equals(Crypto.ALGORITHM)) {
      throw new SigV4Exception(
          AuthFailure.INVALID_ARGUMENT,
          "The authorization mechanism you have provided is not supported. Please use "
              + Crypto.ALGORITHM);
    }
    Map<String, String> fields = new HashMap<>();
    // Clients differ on spaces after the commas; both forms are accepted.
    for (String field : header.substring(space + 1).split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw malformed("Authorization field without a value: '" + field.strip() + "'");
      }
      if (fields.put(field.substring(0, eq).strip(), field.substring(eq + 1).strip()) != null) {
        throw malformed("Authorization field repeated: '" + field.strip() + "'");
      }
    }

    // The date needs no signed header to be trusted: the string to sign repeats it.
    Optional<String> amzDate = request.header("x-amz-date");
    Optional<String> httpDate = request.header("date");
    if (amzDate.isEmpty() && httpDate.isEmpty()) {
      throw new SigV4Exception(
          AuthFailure.MISSING_SECURITY_HEADER,
          "Your request is missing a required header: x-amz-date (or Date)");
    }
    Optional<RequestDate> date =
        amzDate.isPresent()
            ? RequestDate.parseAmzDate(amzDate.orElseThrow().strip())
            : RequestDate.parseHttpDate(httpDate.orElseThrow().strip());

    return new Header(
        Credential.parse(required(fields, "Credential", "Authorization header")),
        signedHeaders(required(fields, "SignedHeaders", "Authorization header")),
        required(fields, "Signature", "Authorization header"),
        date.orElseThrow(
            () ->
                new SigV4Exception(
                    AuthFailure.ACCESS_DENIED,
                    "AWS authentication requires a valid Date or x-amz-date header")),
        // S3 wants x-amz-content-sha256; without it, the client must have signed UNSIGNED-PAYLOAD.
        request
            .header("x-amz-content-sha256")
            .map(String::strip)
            .orElse(PayloadMode.UNSIGNED_PAYLOAD));
  }

  private static Presigned presigned(SignedRequest request, List<QueryParameter> query) {
    Map<String, String> fields = new HashMap<>();
    for (QueryParameter parameter : query) {
      String name = parameter.name();
      // X-Amz-Signature is left out of the canonical query, so a second one could ride along
      // unsigned: refuse any repeated authentication parameter.
      if (name.startsWith("X-Amz-") && fields.put(name, parameter.value()) != null) {
        throw malformed("Query parameter repeated: " + name);
      }
    }
    String where = "query parameters";
    String algorithm = required(fields, "X-Amz-Algorithm", where);
    if (!algorithm.equals(Crypto.ALGORITHM)) {
      throw malformed("X-Amz-Algorithm only supports \"" + Crypto.ALGORITHM + "\"");
    }
    String dateText = required(fields, "X-Amz-Date", where);
    RequestDate date =
        RequestDate.parseAmzDate(dateText)
            .orElseThrow(
                () -> malformed("X-Amz-Date must be in the ISO8601 Long Format, got " + dateText));
    long expires;
    try {
      expires = Long.parseLong(required(fields, "X-Amz-Expires", where));
    } catch (NumberFormatException e) {
      throw malformed("X-Amz-Expires should be a number");
    }
    if (expires < 0 || expires > MAX_EXPIRES_SECONDS) {
      throw malformed(
          "X-Amz-Expires must be non-negative and less than a week (in seconds) that is "
              + MAX_EXPIRES_SECONDS);
    }
    // A presigned URL cannot know its body: UNSIGNED-PAYLOAD, unless the signer pinned a hash.
    String payloadHash =
        Optional.ofNullable(fields.get("X-Amz-Content-Sha256"))
            .or(() -> request.header("x-amz-content-sha256").map(String::strip))
            .orElse(PayloadMode.UNSIGNED_PAYLOAD);
    return new Presigned(
        Credential.parse(required(fields, "X-Amz-Credential", where)),
        signedHeaders(required(fields, "X-Amz-SignedHeaders", where)),
        required(fields, "X-Amz-Signature", where),
        date,
        payloadHash,
        Duration.ofSeconds(expires));
  }

  private static List<String> signedHeaders(String list) {
    List<String> names =
        Arrays.stream(list.split(";", -1)).map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
    if (names.stream().anyMatch(String::isEmpty)) {
      throw malformed("SignedHeaders has an empty header name: '" + list + "'");
    }
    return names;
  }

  private static String required(Map<String, String> fields, String name, String where) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw malformed(name + " is missing from the " + where);
    }
    return value;
  }

  private static SigV4Exception malformed(String message) {
    return new SigV4Exception(AuthFailure.AUTHORIZATION_HEADER_MALFORMED, message);
  }
}
