package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

class CanonicalRequestTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/bucket/a%20b%2Bc%252Fd | /bucket/a%20b%2Bc%252Fd",
        "/bucket/a b+c%2Fd       | /bucket/a%20b%2Bc%2Fd",
        "/bucket/x%2fy           | /bucket/x%2Fy",
        "/bucket/ü               | /bucket/%C3%BC",
        "/bucket/%e2%98%83       | /bucket/%E2%98%83",
        "/bucket/a!b$c'(d)*      | /bucket/a%21b%24c%27%28d%29%2A",
        "/bucket/100%            | /bucket/100%25",
        "/bucket/%zz%4           | /bucket/%25zz%254",
        "/bucket/-._~            | /bucket/-._~",
        "/bucket//a/             | /bucket//a/",
        "/                       | /"
      })
  void s3PathIsDecodedAndEncodedOncePerSegment(String raw, String canonical) {
    assertThat(CanonicalRequest.normalizedPath(raw)).isEqualTo(canonical);
  }

  @Test
  void s3TriesTheNormalisedPathThenTheRawOne() {
    assertThat(CanonicalRequest.uriCandidates("/b/a%2bb", false))
        .containsExactly("/b/a%2Bb", "/b/a%2bb");
    assertThat(CanonicalRequest.uriCandidates("/b/ab", false)).containsExactly("/b/ab");
    assertThat(CanonicalRequest.uriCandidates("", false)).containsExactly("/");
  }

  @Test
  void otherServicesEncodeThePathAgain() {
    assertThat(CanonicalRequest.uriCandidates("/b/a%20b", true)).containsExactly("/b/a%2520b");
    assertThat(CanonicalRequest.uriCandidates("/b/a b", true))
        .containsExactly("/b/a%20b", "/b/a%2520b");
  }

  /** Whatever the key, the S3 canonical URI is the single encoding the AWS SDK puts on the wire. */
  @Property
  void normalisedPathOfAnSdkEncodedKeyIsThatEncoding(@ForAll @StringLength(max = 40) String key) {
    Assume.that(key.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE));
    String wire = "/bucket/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);

    assertThat(CanonicalRequest.normalizedPath(wire)).isEqualTo(wire);
  }

  @Property
  void normalisingIsIdempotent(@ForAll @StringLength(max = 40) String rawPath) {
    String once = CanonicalRequest.normalizedPath(rawPath);

    assertThat(CanonicalRequest.normalizedPath(once)).isEqualTo(once);
  }

  @Property
  void percentDecodingInvertsEncoding(@ForAll @Size(max = 64) byte[] bytes) {
    assertThat(UriEncoding.decode(UriEncoding.encode(bytes, false), false)).isEqualTo(bytes);
  }

  @Test
  void queryIsSortedByNameThenValueAndEveryPartReEncoded() {
    String query = "b=2&a=z&a=y&acl&Param-3=3&Param=1&prefix=a+b%2fc&k=%7E*";

    assertThat(CanonicalRequest.query(QueryParameter.parse(query), false))
        .isEqualTo("Param=1&Param-3=3&a=y&a=z&acl=&b=2&k=~%2A&prefix=a%20b%2Fc");
  }

  @Test
  void presignedQueryLeavesOutOnlyTheSignature() {
    String query = "X-Amz-Signature=abc&X-Amz-Date=1&uploads";

    assertThat(CanonicalRequest.query(QueryParameter.parse(query), true))
        .isEqualTo("X-Amz-Date=1&uploads=");
    assertThat(CanonicalRequest.query(QueryParameter.parse(query), false))
        .isEqualTo("X-Amz-Date=1&X-Amz-Signature=abc&uploads=");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'  value1  '          | value1",
        "'\"a   b   c\"'       | '\"a b c\"'",
        "'line1\n   line2\tx'  | line1 line2 x"
      })
  void headerValuesAreTrimmedAndInnerWhitespaceCollapsed(String value, String canonical) {
    assertThat(CanonicalRequest.trimAll(value)).isEqualTo(canonical);
  }

  @Test
  void decodingKeepsBytesThatAreNotUtf8() {
    assertThat(UriEncoding.decode("%FF%FE", false)).containsExactly(0xff, 0xfe);
    assertThat(UriEncoding.encode(new byte[] {(byte) 0xff}, false)).isEqualTo("%FF");
    assertThat(UriEncoding.decode("a+b", true)).isEqualTo("a b".getBytes(StandardCharsets.UTF_8));
    assertThat(UriEncoding.decode("a+b", false)).isEqualTo("a+b".getBytes(StandardCharsets.UTF_8));
  }
}
