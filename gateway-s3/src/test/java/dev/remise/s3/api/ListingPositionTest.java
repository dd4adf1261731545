package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.s3.api.ListingPosition.AfterCommonPrefix;
import dev.remise.s3.api.ListingPosition.AfterKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ListingPositionTest {

  @Provide
  Arbitrary<String> strings() {
    return KeyOrderTest.wellFormedStrings(8);
  }

  @Property
  void continuationTokensRoundTrip(
      @ForAll("strings") String key, @ForAll("strings") String prefix) {
    ListingPosition afterKey = new AfterKey(key);
    assertThat(ListingPosition.fromContinuationToken(afterKey.toContinuationToken()))
        .isEqualTo(afterKey);
    if (!prefix.isEmpty()) {
      ListingPosition afterPrefix = new AfterCommonPrefix(prefix);
      assertThat(ListingPosition.fromContinuationToken(afterPrefix.toContinuationToken()))
          .isEqualTo(afterPrefix);
    }
  }

  @Property
  void tokensAreUrlSafe(@ForAll("strings") String key) {
    assertThat(new AfterKey(key).toContinuationToken()).matches("[A-Za-z0-9_-]+");
  }

  @Example
  void refusesTokensItDidNotIssue() {
    for (String token :
        new String[] {
          "",
          "!!!",
          "a",
          token((byte) 'x', "key"),
          token((byte) 'p', ""),
          tokenBytes((byte) 'k', (byte) 0xC3)
        }) {
      assertThatThrownBy(() -> ListingPosition.fromContinuationToken(token))
          .as(token)
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT))
          .hasMessage("The continuation token provided is incorrect");
    }
  }

  @Example
  void markerUnderACommonPrefixSkipsThatPrefix() {
    assertThat(ListingPosition.after("photos/2006/x", "photos/", "/"))
        .isEqualTo(new AfterCommonPrefix("photos/2006/"));
    assertThat(ListingPosition.after("photos/2006/", "photos/", "/"))
        .isEqualTo(new AfterCommonPrefix("photos/2006/"));
    assertThat(ListingPosition.after("photos/a.jpg", "photos/", "/"))
        .isEqualTo(new AfterKey("photos/a.jpg"));
    assertThat(ListingPosition.after("other/x", "photos/", "/")).isEqualTo(new AfterKey("other/x"));
    assertThat(ListingPosition.after("photos/2006/x", "photos/", null))
        .isEqualTo(new AfterKey("photos/2006/x"));
  }

  @Example
  void entryNamesTheKeyOrPrefix() {
    assertThat(new AfterKey("a").entry()).isEqualTo("a");
    assertThat(new AfterCommonPrefix("b/").entry()).isEqualTo("b/");
  }

  private static String token(byte tag, String entry) {
    byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bytes.length + 1];
    all[0] = tag;
    System.arraycopy(bytes, 0, all, 1, bytes.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  private static String tokenBytes(byte... bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
