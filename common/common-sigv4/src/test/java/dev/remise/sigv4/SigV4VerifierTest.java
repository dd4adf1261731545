package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** What the verifier refuses, and the leniencies it allows on purpose. */
class SigV4VerifierTest {
  final SigV4Verifier verifier = verifierAt(AwsSdk.NOW);

  static SigV4Verifier verifierAt(Instant now) {
    return new SigV4Verifier(AwsSdk.REGION, "s3", InstantSource.fixed(now));
  }

  /** A PUT signed by the AWS SDK, with a metadata header and a signed body hash. */
  static SignedRequest signedPut() {
    return AwsSdk.sign(
            AwsSdk.s3Request(SdkHttpMethod.PUT, "bucket", "photos/2026/a b.jpg")
                .putRawQueryParameter("versionId", "3")
                .putHeader("x-amz-meta-camera", "X100")
                .putHeader("Content-Length", "5")
                .build(),
            "hello".getBytes(),
            "s3",
            r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true))
        .request();
  }

  static SignedRequest presignedGet(Duration expires) {
    return AwsSdk.sign(
            AwsSdk.s3Request(SdkHttpMethod.GET, "bucket", "photos/a.jpg").build(),
            new byte[0],
            "s3",
            r ->
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false))
        .request();
  }

  static SignedRequest withHeader(SignedRequest request, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(name.toLowerCase(Locale.ROOT), List.of(value));
    return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers);
  }

  static SignedRequest withoutHeader(SignedRequest request, String name) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.remove(name);
    return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers);
  }

  static SignedRequest withTarget(SignedRequest request, String rawPath, String rawQuery) {
    return new SignedRequest(request.method(), rawPath, rawQuery, request.headers());
  }

  AbstractThrowableAssert<?, ?> assertRefused(
      SigV4Verifier verifier, SignedRequest request, SecretLookup secrets, AuthFailure failure) {
    var assertion =
        assertThatThrownBy(() -> verifier.verify(request, secrets))
            .isInstanceOf(SigV4Exception.class);
    assertion.extracting(e -> ((SigV4Exception) e).failure()).isEqualTo(failure);
    return assertion;
  }

  AbstractThrowableAssert<?, ?> assertRefused(SignedRequest request, AuthFailure failure) {
    return assertRefused(verifier, request, AwsSdk.SECRETS, failure);
  }

  @Test
  void requestSignedByTheSdkVerifies() {
    AuthenticatedRequest result = verifier.verify(signedPut(), AwsSdk.SECRETS);

    assertThat(result.accessKeyId()).isEqualTo(AwsSdk.ACCESS_KEY);
    assertThat(result.credentialScope()).isEqualTo("20261122/garage/s3/aws4_request");
    assertThat(result.amzDate()).isEqualTo("20261122T101530Z");
    assertThat(result.seedSignature()).hasSize(64);
    assertThat(result.signingKey())
        .isEqualTo(Crypto.signingKey(AwsSdk.SECRET_KEY, "20261122", AwsSdk.REGION, "s3"));
    assertThat(result.toString()).contains("<redacted>").doesNotContain("signingKey=[");
  }

  @Test
  void wrongSecretIsASignatureMismatch() {
    assertRefused(
        verifier,
        signedPut(),
        id -> Optional.of("not the secret"),
        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void unknownAccessKeyIsRefused() {
    assertRefused(verifier, signedPut(), id -> Optional.empty(), AuthFailure.INVALID_ACCESS_KEY_ID)
        .hasMessageContaining(AwsSdk.ACCESS_KEY);
  }

  @Test
  void scopeForAnotherRegionIsMalformedAndNamesTheExpectedRegion() {
    SigV4Verifier usEast = new SigV4Verifier("us-east-1", "s3", InstantSource.fixed(AwsSdk.NOW));

    assertRefused(usEast, signedPut(), AwsSdk.SECRETS, AuthFailure.AUTHORIZATION_HEADER_MALFORMED)
        .hasMessageContaining("the region 'garage' is wrong; expecting 'us-east-1'");
  }

  @Test
  void scopeForAnotherServiceIsMalformed() {
    SigV4Verifier k2v = new SigV4Verifier(AwsSdk.REGION, "k2v", InstantSource.fixed(AwsSdk.NOW));

    assertRefused(k2v, signedPut(), AwsSdk.SECRETS, AuthFailure.AUTHORIZATION_HEADER_MALFORMED)
        .hasMessageContaining("expecting 'k2v'");
  }

  @ParameterizedTest
  @ValueSource(longs = {-16, 16, -60 * 24})
  void requestDatedMoreThanFifteenMinutesAwayIsTooSkewed(long minutes) {
    assertRefused(
        verifierAt(AwsSdk.NOW.plus(Duration.ofMinutes(minutes))),
        signedPut(),
        AwsSdk.SECRETS,
        AuthFailure.REQUEST_TIME_TOO_SKEWED);
  }

  @ParameterizedTest
  @ValueSource(longs = {-15, -14, 14, 15})
  void requestDatedWithinFifteenMinutesVerifies(long minutes) {
    assertThat(
            verifierAt(AwsSdk.NOW.plus(Duration.ofMinutes(minutes)))
                .verify(signedPut(), AwsSdk.SECRETS))
        .isNotNull();
  }

  @Test
  void presignedUrlIsNotSubjectToSkewButToItsExpiry() {
    SignedRequest url = presignedGet(Duration.ofDays(7));

    assertThat(verifierAt(AwsSdk.NOW.plus(Duration.ofDays(7))).verify(url, AwsSdk.SECRETS))
        .isNotNull();
    assertRefused(
            verifierAt(AwsSdk.NOW.plus(Duration.ofDays(7)).plusSeconds(1)),
            url,
            AwsSdk.SECRETS,
            AuthFailure.ACCESS_DENIED)
        .hasMessage("Request has expired");
  }

  @Test
  void presignedUrlFromTheFutureIsNotValidYet() {
    assertRefused(
            verifierAt(AwsSdk.NOW.minus(Duration.ofMinutes(16))),
            presignedGet(Duration.ofHours(1)),
            AwsSdk.SECRETS,
            AuthFailure.ACCESS_DENIED)
        .hasMessage("Request is not valid yet");
  }

  @Test
  void presignedUrlValidForMoreThanAWeekIsMalformed() {
    SignedRequest url = presignedGet(Duration.ofHours(1));
    String longer = url.rawQuery().replace("X-Amz-Expires=3600", "X-Amz-Expires=604801");

    assertRefused(
            withTarget(url, url.rawPath(), longer), AuthFailure.AUTHORIZATION_HEADER_MALFORMED)
        .hasMessageContaining("604800");
  }

  @Test
  void presignedUrlWithASecondSignatureIsMalformed() {
    SignedRequest url = presignedGet(Duration.ofHours(1));

    assertRefused(
        withTarget(url, url.rawPath(), url.rawQuery() + "&X-Amz-Signature=" + "0".repeat(64)),
        AuthFailure.AUTHORIZATION_HEADER_MALFORMED);
  }

  @Test
  void presignedParametersWinOverAnUnrelatedAuthorizationHeader() {
    SignedRequest url = withHeader(presignedGet(Duration.ofHours(1)), "Authorization", "Bearer x");

    assertThat(verifier.verify(url, AwsSdk.SECRETS).accessKeyId()).isEqualTo(AwsSdk.ACCESS_KEY);
  }

  @Test
  void requestWithoutAnySignatureIsAnonymousAndRefused() {
    SignedRequest anonymous = withoutHeader(signedPut(), "authorization");

    assertRefused(anonymous, AuthFailure.ACCESS_DENIED).hasMessageContaining("Anonymous");
  }

  @Test
  void signatureVersion2IsAnUnsupportedAlgorithm() {
    assertRefused(
        withHeader(signedPut(), "Authorization", "AWS " + AwsSdk.ACCESS_KEY + ":c2lnbmF0dXJl"),
        AuthFailure.INVALID_ARGUMENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=GK1/20261122/garage/s3/aws4_request, Signature=00",
        "AWS4-HMAC-SHA256 Credential=GK1/20261122/garage/s3/aws4_request, SignedHeaders=host",
        "AWS4-HMAC-SHA256 Credential=GK1/20261122/garage/s3, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=GK1/20261122/garage/s3/aws5_request, "
            + "SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=GK1/20261121/garage/s3/aws4_request, "
            + "SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=GK1/20261122/garage/s3/aws4_request, "
            + "SignedHeaders=x-amz-date, Signature=00",
        "AWS4-HMAC-SHA256 Credential",
      })
  void malformedAuthorizationHeaderIsRefused(String authorization) {
    assertRefused(
        withHeader(signedPut(), "Authorization", authorization),
        AuthFailure.AUTHORIZATION_HEADER_MALFORMED);
  }

  @Test
  void requestWithoutADateIsMissingASecurityHeader() {
    assertRefused(withoutHeader(signedPut(), "x-amz-date"), AuthFailure.MISSING_SECURITY_HEADER);
  }

  @Test
  void unparseableDateIsAccessDenied() {
    assertRefused(
        withHeader(signedPut(), "X-Amz-Date", "2026-11-22T10:15:30Z"), AuthFailure.ACCESS_DENIED);
  }

  @Test
  void headerAddedAfterSigningIsRefused() {
    assertRefused(
            withHeader(signedPut(), "x-amz-copy-source", "/other/secret"),
            AuthFailure.ACCESS_DENIED)
        .hasMessageContaining("x-amz-copy-source");
  }

  @Test
  void changedSignedHeaderIsASignatureMismatch() {
    assertRefused(
        withHeader(signedPut(), "x-amz-meta-camera", "Leica"),
        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void removedSignedHeaderIsASignatureMismatch() {
    assertRefused(
            withoutHeader(signedPut(), "x-amz-meta-camera"), AuthFailure.SIGNATURE_DOES_NOT_MATCH)
        .hasMessageContaining("x-amz-meta-camera");
  }

  @Test
  void changedPathOrQueryIsASignatureMismatch() {
    SignedRequest put = signedPut();

    assertRefused(
        withTarget(put, put.rawPath().replace("a%20b", "a%20c"), put.rawQuery()),
        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    assertRefused(
        withTarget(put, put.rawPath(), "versionId=4"), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    assertRefused(
        withTarget(put, put.rawPath(), "versionId=3&acl"), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void pathEscapedDifferentlyButMeaningTheSameVerifies() {
    SignedRequest put = signedPut();

    assertThat(
            verifier.verify(
                withTarget(
                    put, put.rawPath().replace("%20", " ").replace("a", "%61"), put.rawQuery()),
                AwsSdk.SECRETS))
        .isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "STREAMING-UNSIGNED-PAYLOAD",
        "SHA256",
        "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"
      })
  void unknownPayloadHashIsAnInvalidArgument(String contentSha256) {
    assertRefused(
        withHeader(signedPut(), "x-amz-content-sha256", contentSha256),
        AuthFailure.INVALID_ARGUMENT);
  }

  // --- Requests no SDK produces, signed by ReferenceSigner -------------------------------------

  static final String HOST = "127.0.0.1:3900";
  static final String DATE = "20261122T101530Z";

  SignedRequest referenceSigned(
      String rawPath,
      String canonicalUri,
      Map<String, String> headers,
      String payloadHash,
      String authorizationFormat) {
    String signature =
        ReferenceSigner.signature(
            AwsSdk.SECRET_KEY,
            DATE,
            AwsSdk.REGION,
            "s3",
            "GET",
            canonicalUri,
            "",
            headers,
            payloadHash);
    Map<String, List<String>> sent = new LinkedHashMap<>();
    // headers is sorted (a TreeMap), as SigV4 wants the signed headers.
    headers.forEach((name, value) -> sent.put(name, List.of(value)));
    sent.put(
        "Authorization",
        List.of(
            authorizationFormat.formatted(
                AwsSdk.ACCESS_KEY + "/20261122/garage/s3/aws4_request",
                String.join(";", headers.keySet()),
                signature)));
    return new SignedRequest("GET", rawPath, "", sent);
  }

  static final String STANDARD = "AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=%s, Signature=%s";

  @Test
  void missingPayloadHeaderMeansTheClientSignedUnsignedPayload() {
    SignedRequest request =
        referenceSigned(
            "/bucket/key",
            "/bucket/key",
            new TreeMap<>(Map.of("host", HOST, "x-amz-date", DATE)),
            "UNSIGNED-PAYLOAD",
            STANDARD);

    assertThat(verifier.verify(request, AwsSdk.SECRETS).payloadMode())
        .isEqualTo(new PayloadMode.UnsignedPayload());
  }

  @Test
  void httpDateHeaderMayStandInForXAmzDate() {
    SignedRequest request =
        referenceSigned(
            "/bucket/key",
            "/bucket/key",
            new TreeMap<>(Map.of("date", "Sun, 22 Nov 2026 10:15:30 GMT", "host", HOST)),
            "UNSIGNED-PAYLOAD",
            STANDARD);

    assertThat(verifier.verify(request, AwsSdk.SECRETS).amzDate()).isEqualTo(DATE);
  }

  @Test
  void clientThatSignsItsRawPathVerbatimIsAccepted() {
    // Lower-case escapes and an unescaped '!': not the canonical form, but what was sent.
    String raw = "/bucket/a%2bb!c";
    SignedRequest request =
        referenceSigned(
            raw,
            raw,
            new TreeMap<>(Map.of("host", HOST, "x-amz-date", DATE)),
            "UNSIGNED-PAYLOAD",
            STANDARD);

    assertThat(verifier.verify(request, AwsSdk.SECRETS)).isNotNull();
  }

  @Test
  void authorizationFieldsWithoutSpacesAndUpperCaseHexSignatureVerify() {
    SignedRequest lower =
        referenceSigned(
            "/bucket/key",
            "/bucket/key",
            new TreeMap<>(Map.of("host", HOST, "x-amz-date", DATE)),
            "UNSIGNED-PAYLOAD",
            "AWS4-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s");
    String authorization = lower.header("authorization").orElseThrow();
    int at = authorization.indexOf("Signature=") + "Signature=".length();
    SignedRequest upper =
        withHeader(
            lower,
            "Authorization",
            authorization.substring(0, at) + authorization.substring(at).toUpperCase(Locale.ROOT));

    assertThat(verifier.verify(lower, AwsSdk.SECRETS)).isNotNull();
    assertThat(verifier.verify(upper, AwsSdk.SECRETS)).isNotNull();
  }

  @Test
  void hostMustBeSigned() {
    SignedRequest request =
        referenceSigned(
            "/bucket/key",
            "/bucket/key",
            new TreeMap<>(Map.of("x-amz-date", DATE)),
            "UNSIGNED-PAYLOAD",
            STANDARD);

    assertRefused(withHeader(request, "Host", HOST), AuthFailure.AUTHORIZATION_HEADER_MALFORMED)
        .hasMessageContaining("host");
  }
}
