package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentEncodingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "photos/2006/a.jpg|photos/2006/a.jpg",
        "a b+c|a%20b%2Bc",
        "café|caf%C3%A9",
        "😀|%F0%9F%98%80",
        "-_.~|-_.~",
        "100%|100%25",
        "a&b=c?d#e|a%26b%3Dc%3Fd%23e",
      })
  void encodesEverythingButUnreservedCharactersAndSlash(String value, String encoded) {
    assertThat(PercentEncoding.encodeKeepingSlash(value)).isEqualTo(encoded);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "a+b|a+b",
        "a%2bb|a+b",
        "a%20b|a b",
        "%E2%82%AC|€",
        "x%e2%82%acy|x€y",
        "no-escapes|no-escapes",
      })
  void decodesPathsKeepingPlusLiteral(String raw, String decoded) {
    assertThat(PercentEncoding.decode(raw)).isEqualTo(decoded);
  }

  /**
   * Both decoders clients use (strict percent-decoding and form decoding) read an encoded key back
   * unchanged.
   */
  @Property
  void encodedKeysDecodeBackWithEitherDecoder(@ForAll("wellFormed") String key) {
    String encoded = PercentEncoding.encodeKeepingSlash(key);

    assertThat(PercentEncoding.decode(encoded)).isEqualTo(key);
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(key);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> wellFormed() {
    return KeyOrderTest.wellFormedStrings(12);
  }
}
