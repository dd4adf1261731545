package dev.remise.sigv4;

/**
 * The {@code Credential} of a signature: {@code <access key>/<yyyyMMdd>/<region>/<service>/
 * aws4_request}. Everything after the access key is the credential scope, which the string to sign
 * repeats and the signing key is derived from.
 */
record Credential(
    String accessKeyId, String day, String region, String service, String terminator) {

  static Credential parse(String credential) {
    String[] parts = credential.split("/", -1);
    if (parts.length != 5 || parts[0].isEmpty()) {
      throw malformed(
          "Credential should be <access key>/<date>/<region>/<service>/aws4_request, got '"
              + credential
              + "'");
    }
    return new Credential(parts[0], parts[1], parts[2], parts[3], parts[4]);
  }

  String scope() {
    return String.join("/", day, region, service, terminator);
  }

  private static SigV4Exception malformed(String message) {
    return new SigV4Exception(AuthFailure.AUTHORIZATION_HEADER_MALFORMED, message);
  }
}
