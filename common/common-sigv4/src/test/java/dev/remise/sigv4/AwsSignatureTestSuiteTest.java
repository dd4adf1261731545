package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's Signature Version 4 test suite (the 2015-08-30 suite, in the form kept with the AWS CRT
 * signer, which adds a presigned variant of every case): credentials AKIDEXAMPLE, region us-east-1,
 * service "service", date 20150830T123600Z. Each case is verified twice, header-signed and
 * presigned (X-Amz-Expires=3600).
 *
 * <p>The suite signs the SHA-256 of the body for every case. The verifier takes the payload hash
 * from {@code x-amz-content-sha256} (it never sees the body), so each request carries that header,
 * unsigned unless the case signs it: this is how a gateway that knows the body hash would call it.
 *
 * <p>Left out: the "-normalized" cases whose path has dot segments or repeated slashes (S3 and K2V,
 * like Garage, never normalise paths; their "-unnormalized" twins are here) and the long STS token
 * cases (get-vanilla-with-session-token covers the same thing).
 */
class AwsSignatureTestSuiteTest {
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String DATE = "20150830T123600Z";
  static final String SCOPE = "20150830/us-east-1/service/aws4_request";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final String FORM_SHA256 =
      "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";

  final SigV4Verifier verifier =
      new SigV4Verifier(
          "us-east-1", "service", InstantSource.fixed(Instant.parse("2015-08-30T12:36:00Z")));
  final SecretLookup secrets = id -> Optional.of(SECRET_KEY).filter(s -> id.equals(ACCESS_KEY));

  /**
   * One case of the suite.
   *
   * @param head the unsigned request as the suite gives it
   * @param signBody whether {@code x-amz-content-sha256} is itself a signed header
   * @param token an {@code X-Amz-Security-Token}, signed as a header or added to the query
   */
  record Case(
      String name,
      String head,
      String bodySha256,
      boolean signBody,
      @Nullable String token,
      String headerSignature,
      String querySignature) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case get(String name, String head, String headerSignature, String querySignature) {
    return new Case(name, head, EMPTY_SHA256, false, null, headerSignature, querySignature);
  }

  static Stream<Case> cases() {
    String host = "Host:example.amazonaws.com";
    return Stream.of(
        get(
            "get-vanilla",
            "GET / HTTP/1.1\n" + host,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"),
        get(
            "get-vanilla-empty-query-key",
            "GET /?Param1=value1 HTTP/1.1\n" + host,
            "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
            "49096700cbbaa5753443850f40df10f904fc2fdb544dc9512203cc77c471a9de"),
        get(
            "get-vanilla-query-order-key-case",
            "GET /?Param2=value2&Param1=value1 HTTP/1.1\n" + host,
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            "86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5"),
        get(
            "get-vanilla-query-order-encoded",
            "GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\n" + host,
            "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac",
            "c5f1848ceec943ac2ca68ee720460c23aaae30a2300586597ada94c4a65e4787"),
        get(
            "get-vanilla-query-unreserved",
            "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n"
                + host,
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
            "8e76a88a7433637b12778d5592799b29ad21ecd6cf6325051c21d86f0acda2bf"),
        get(
            "get-vanilla-utf8-query",
            "GET /?\u1234=bar HTTP/1.1\n" + host,
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
            "0bdd809b1519ac4f0c1dc3540e2cc46bd0c7f778eda408b2ebf3b913d21ff600"),
        get(
            "get-header-key-duplicate",
            "GET / HTTP/1.1\n" + host + "\nMy-Header1:value2\nMy-Header1:value2\nMy-Header1:value1",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            "3349ee0b81b4b589da0ff28a395c3591e04de515651dd74f298fa992d1507a97"),
        get(
            "get-header-value-multiline",
            "GET / HTTP/1.1\n" + host + "\nMy-Header1:value1\n  value2\n     value3",
            "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd",
            "e6f5def831211aca02987a44b96826706278c7bc078112ae0263659c5b2f2d56"),
        get(
            "get-header-value-order",
            "GET / HTTP/1.1\n"
                + host
                + "\nMy-Header1:value4\nMy-Header1:value1\nMy-Header1:value3\nMy-Header1:value2",
            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
            "313720e71ca6202fdcfa9b20f88de01a4eb0638a83c833b1c184359a4eda864e"),
        get(
            "get-header-value-trim",
            "GET / HTTP/1.1\n" + host + "\nMy-Header1: value1\nMy-Header2: \"a   b   c\"",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            "e7bb0fd515e125e1aec2ecc4c0c17484fb06f6846b927c35e46005dd3df3acd4"),
        get(
            "get-unreserved",
            "GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n"
                + host,
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
            "95968482db1b9e0fadef6efc1bd24689f77c77d9ef56919c96a28cc92e0d6005"),
        get(
            "get-utf8",
            "GET /\u1234 HTTP/1.1\n" + host,
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
            "10eae3f14a260bd3911cc6d008d3c576d143b05b62f09782a7a4b37f52178e44"),
        get(
            "get-space-unnormalized",
            "GET /example space/ HTTP/1.1\n" + host,
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
            "7a1f416954786484c9824d93c1f26ef64acb9b1b6c9154d08c9f07d0e394abf6"),
        get(
            "get-relative-unnormalized",
            "GET /example/.. HTTP/1.1\n" + host,
            "eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282",
            "cbcb213b928a077e43275df47b500f1dfaa864ab3f5a18f6b95f4ff0938167ee"),
        get(
            "get-relative-relative-unnormalized",
            "GET /example1/example2/../.. HTTP/1.1\n" + host,
            "dc33e0856fd4baca4d7aa2146c38958283844764f38c74252a333df5e613003b",
            "b45db0bfd1cf15003493b733e33aa208dd981bd0e63037a6ed953f71d2118a16"),
        get(
            "get-slash-unnormalized",
            "GET // HTTP/1.1\n" + host,
            "c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e",
            "b2a9542809db687769200f56a844a03f2bd0291d6eb90232d5101c6a579446cd"),
        get(
            "get-slash-dot-slash-unnormalized",
            "GET /./ HTTP/1.1\n" + host,
            "68714168e6557f8f2de0ef956fc24dc2593a4bd2961f8df51898d8a134695145",
            "a9b13e8f3484d9505bf1a6f347219f8f35b0fe8f128ceea597efc146a3dfe90c"),
        get(
            "get-slash-pointless-dot-unnormalized",
            "GET /./example HTTP/1.1\n" + host,
            "beb03f223f7deae4146464f06e29eebbee9c8afbe15c290cf07aa8b119e14cff",
            "72b11f16d9530b18204bfb71f2d6ab085894c0ed8d352730a6e76234c58b5e10"),
        get(
            "get-slashes-unnormalized",
            "GET //example// HTTP/1.1\n" + host,
            "87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5",
            "822a5a9ba28072c5ab2bb4a6307d0c88276d40e49fec6b724c03fb4d4ba60fc2"),
        new Case(
            "get-vanilla-with-session-token",
            "GET / HTTP/1.1\n" + host,
            EMPTY_SHA256,
            false,
            "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
            "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
            "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c"),
        get(
            "post-vanilla",
            "POST / HTTP/1.1\n" + host,
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            "2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b"),
        get(
            "post-vanilla-query",
            "POST /?Param1=value1 HTTP/1.1\n" + host,
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
            "a9ef26247f293bffe40eeff86a0480ba8c14d31503b2e0c3399e3a16bf1a3682"),
        get(
            "post-header-key-sort",
            "POST / HTTP/1.1\n" + host + "\nMy-Header1:value1",
            "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
            "c09d07e0d55871f10f2a6d350d994acf6825a3cae70673d7def55616e6119dd7"),
        get(
            "post-header-value-case",
            "POST / HTTP/1.1\n" + host + "\nMy-Header1:VALUE1",
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
            "0698bc9e4f7f9139065ba2909c0e99da257e8e2a42492a097bcd46d792391fed"),
        new Case(
            "post-x-www-form-urlencoded",
            "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\n"
                + host
                + "\nContent-Length:13",
            FORM_SHA256,
            true,
            null,
            "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
            "89a40deed0f26f9461242825a082d2222717248abc7ab41f552ad84a94ad46e9"),
        new Case(
            "post-x-www-form-urlencoded-parameters",
            "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded; charset=utf-8\n"
                + host
                + "\nContent-Length:13",
            FORM_SHA256,
            true,
            null,
            "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422",
            "0dbeb9b026c7b6675f266b8427efec9b4fa8b1f6ef1477d717aea231106eab4d"));
  }

  static SignedRequest headerSigned(Case c, String signature) {
    TreeSet<String> signed = headerNames(c.head());
    signed.add("x-amz-date");
    StringBuilder head = new StringBuilder(c.head()).append("\nX-Amz-Date:").append(DATE);
    if (c.token() != null) {
      signed.add("x-amz-security-token");
      head.append("\nX-Amz-Security-Token:").append(c.token());
    }
    if (c.signBody()) {
      signed.add("x-amz-content-sha256");
    }
    head.append("\nx-amz-content-sha256:").append(c.bodySha256());
    head.append("\nAuthorization:AWS4-HMAC-SHA256 Credential=")
        .append(ACCESS_KEY + "/" + SCOPE)
        .append(", SignedHeaders=")
        .append(String.join(";", signed))
        .append(", Signature=")
        .append(signature);
    return HttpHead.parse(head.toString());
  }

  static SignedRequest presigned(Case c, String signature) {
    String[] lines = c.head().split("\n", 2);
    String target = lines[0].substring(lines[0].indexOf(' ') + 1, lines[0].lastIndexOf(' '));
    List<String> parameters = new ArrayList<>();
    parameters.add("X-Amz-Algorithm=AWS4-HMAC-SHA256");
    parameters.add("X-Amz-Credential=" + ACCESS_KEY + "%2F" + SCOPE.replace("/", "%2F"));
    parameters.add("X-Amz-Date=" + DATE);
    parameters.add("X-Amz-SignedHeaders=" + String.join("%3B", headerNames(c.head())));
    parameters.add("X-Amz-Expires=3600");
    if (c.token() != null) {
      parameters.add("X-Amz-Security-Token=" + c.token());
    }
    parameters.add("X-Amz-Signature=" + signature);
    String query = String.join("&", parameters);
    String method = lines[0].substring(0, lines[0].indexOf(' '));
    String requestLine =
        method + " " + target + (target.contains("?") ? "&" : "?") + query + " HTTP/1.1";
    return HttpHead.parse(
        requestLine + "\n" + lines[1] + "\nx-amz-content-sha256:" + c.bodySha256());
  }

  private static TreeSet<String> headerNames(String head) {
    TreeSet<String> names = new TreeSet<>();
    for (String line : head.split("\n")) {
      int colon = line.indexOf(':');
      if (!line.startsWith(" ") && colon > 0 && !line.contains(" HTTP/1.1")) {
        names.add(line.substring(0, colon).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void headerSignedCaseVerifies(Case c) {
    AuthenticatedRequest result = verifier.verify(headerSigned(c, c.headerSignature()), secrets);

    assertThat(result.seedSignature()).isEqualTo(c.headerSignature());
    assertThat(result.accessKeyId()).isEqualTo(ACCESS_KEY);
    assertThat(result.credentialScope()).isEqualTo(SCOPE);
    assertThat(result.amzDate()).isEqualTo(DATE);
    assertThat(result.payloadMode()).isEqualTo(new PayloadMode.SignedPayload(c.bodySha256()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void presignedCaseVerifies(Case c) {
    AuthenticatedRequest result = verifier.verify(presigned(c, c.querySignature()), secrets);

    assertThat(result.seedSignature()).isEqualTo(c.querySignature());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void headerSignedCaseWithAnotherSignatureIsRefused(Case c) {
    assertThatThrownBy(() -> verifier.verify(headerSigned(c, c.querySignature()), secrets))
        .isInstanceOf(SigV4Exception.class)
        .extracting(e -> ((SigV4Exception) e).failure())
        .isEqualTo(AuthFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void presignedCaseWithAnotherSignatureIsRefused(Case c) {
    assertThatThrownBy(() -> verifier.verify(presigned(c, c.headerSignature()), secrets))
        .isInstanceOf(SigV4Exception.class)
        .extracting(e -> ((SigV4Exception) e).failure())
        .isEqualTo(AuthFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  /** The original 2015 suite's case, which signs Content-Type but not the body hash header. */
  @Test
  void originalPostFormUrlEncodedCaseVerifies() {
    SignedRequest request =
        HttpHead.parse(
            """
            POST / HTTP/1.1
            Content-Type:application/x-www-form-urlencoded
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            x-amz-content-sha256:%s
            Authorization:AWS4-HMAC-SHA256 \
            Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
            SignedHeaders=content-type;host;x-amz-date, \
            Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"""
                .formatted(FORM_SHA256));

    assertThat(verifier.verify(request, secrets).seedSignature())
        .isEqualTo("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  }

  /**
   * post-sts-header-after: the token header is added after signing, so post-vanilla's signature
   * still holds; the verifier refuses it anyway, because no x-amz-* header may ride unsigned.
   */
  @Test
  void postStsHeaderAfterIsRefusedForItsUnsignedHeader() {
    SignedRequest request =
        HttpHead.parse(
            """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            X-Amz-Security-Token:AQoDYXdzEPT//////////wEXAMPLE
            x-amz-content-sha256:%s
            Authorization:AWS4-HMAC-SHA256 \
            Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
            SignedHeaders=host;x-amz-date, \
            Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"""
                .formatted(EMPTY_SHA256));

    assertThatThrownBy(() -> verifier.verify(request, secrets))
        .isInstanceOf(SigV4Exception.class)
        .hasMessageContaining("x-amz-security-token")
        .extracting(e -> ((SigV4Exception) e).failure())
        .isEqualTo(AuthFailure.ACCESS_DENIED);
  }
}
