package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.s3.api.ListingPosition.AfterCommonPrefix;
import dev.remise.s3.api.ListingPosition.AfterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ObjectListingTest {
  /** The example bucket of AWS's ListObjects documentation. */
  private static final List<String> AWS_EXAMPLE =
      List.of(
          "sample.jpg",
          "photos/2006/January/sample.jpg",
          "photos/2006/February/sample2.jpg",
          "photos/2006/February/sample3.jpg",
          "photos/2006/February/sample4.jpg");

  @Test
  void rollsUpKeysAtTheDelimiter() {
    ListingPage page = list(AWS_EXAMPLE, "", "/", 1000, null);

    assertThat(keys(page)).containsExactly("sample.jpg");
    assertThat(page.commonPrefixes()).containsExactly("photos/");
    assertThat(page.truncated()).isFalse();
    assertThat(page.next()).isNull();
  }

  @Test
  void rollsUpAfterThePrefix() {
    ListingPage page = list(AWS_EXAMPLE, "photos/2006/", "/", 1000, null);

    assertThat(keys(page)).isEmpty();
    assertThat(page.commonPrefixes())
        .containsExactly("photos/2006/February/", "photos/2006/January/");
  }

  @Test
  void delimiterMayBeAnyString() {
    ListingPage page = list(List.of("a--b--c", "a--d", "a-e", "b"), "", "--", 1000, null);

    assertThat(keys(page)).containsExactly("a-e", "b");
    assertThat(page.commonPrefixes()).containsExactly("a--");
  }

  @Test
  void commonPrefixesCountTowardMaxKeys() {
    ListingPage page = list(AWS_EXAMPLE, "", "/", 1, null);

    assertThat(keys(page)).isEmpty();
    assertThat(page.commonPrefixes()).containsExactly("photos/");
    assertThat(page.truncated()).isTrue();
    assertThat(page.next()).isEqualTo(new AfterCommonPrefix("photos/"));

    ListingPage second = list(AWS_EXAMPLE, "", "/", 1, page.next());
    assertThat(keys(second)).containsExactly("sample.jpg");
    assertThat(second.commonPrefixes()).isEmpty();
    assertThat(second.truncated()).isFalse();
  }

  @Test
  void pageThatEndsExactlyAtTheLastKeyIsNotTruncated() {
    ListingPage page = list(List.of("a", "b"), "", null, 2, null);

    assertThat(keys(page)).containsExactly("a", "b");
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void maxKeysZeroListsNothingAndIsNotTruncated() {
    InMemoryKeySource source = new InMemoryKeySource(AWS_EXAMPLE);

    ListingPage page = ObjectListing.list(source, "", null, 0, null);

    assertThat(page.keyCount()).isZero();
    assertThat(page.truncated()).isFalse();
    assertThat(source.calls).isZero();
  }

  @Test
  void skipsACommonPrefixWithOneSeekHoweverManyKeysItHolds() {
    List<String> keys = new ArrayList<>();
    IntStream.range(0, 10_000).forEach(i -> keys.add("a/%05d".formatted(i)));
    keys.add("b");
    keys.add("c/1");
    InMemoryKeySource source = new InMemoryKeySource(keys);

    ListingPage page = ObjectListing.list(source, "", "/", 1000, null);

    assertThat(keys(page)).containsExactly("b");
    assertThat(page.commonPrefixes()).containsExactly("a/", "c/");
    // One read of a page's worth inside a/, then one seek to "a0" that finds b and c/1.
    assertThat(source.calls).isEqualTo(2);
    assertThat(source.objectsRead).isEqualTo(1001 + 2);
  }

  @Test
  void resumesAfterACommonPrefixWithoutListingItAgain() {
    List<String> keys = List.of("a/1", "a/2", "a/3", "b");
    InMemoryKeySource source = new InMemoryKeySource(keys);

    ListingPage page = ObjectListing.list(source, "", "/", 1, new AfterCommonPrefix("a/"));

    assertThat(keys(page)).containsExactly("b");
    assertThat(page.commonPrefixes()).isEmpty();
  }

  @Test
  void startAfterBeforeThePrefixStartsAtThePrefix() {
    ListingPage page = list(List.of("a", "b1", "b2", "c"), "b", null, 1000, new AfterKey("a"));

    assertThat(keys(page)).containsExactly("b1", "b2");
  }

  @Test
  void startAfterPastThePrefixListsNothing() {
    ListingPage page = list(List.of("b1", "b2"), "b", null, 1000, new AfterKey("c"));

    assertThat(page.keyCount()).isZero();
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void ordersByUtf8BytesNotJavaStrings() {
    // In Java order "😀" (a surrogate pair, D83D DE00) sorts before "\uE000"; in UTF-8 (F0.. vs
    // EE..) after.
    ListingPage page = list(List.of("😀", "\uE000", "z"), "", null, 1000, null);

    assertThat(keys(page)).containsExactly("z", "\uE000", "😀");
  }

  @Test
  void v2ResumesFromItsContinuationToken() {
    InMemoryKeySource source = new InMemoryKeySource(AWS_EXAMPLE);
    var first = new ListObjectsV2Params("", "/", 1, null, null, false, false);

    ListingPage page = ObjectListing.listV2(source, first);
    var second =
        new ListObjectsV2Params(
            "", "/", 1, "ignored-with-a-token", page.nextContinuationToken(), false, false);
    ListingPage next = ObjectListing.listV2(source, second);

    assertThat(page.commonPrefixes()).containsExactly("photos/");
    assertThat(keys(next)).containsExactly("sample.jpg");
  }

  @Test
  void v2StartAfterInsideACommonPrefixSkipsThatPrefix() {
    var params =
        new ListObjectsV2Params("", "/", 1000, "photos/2006/January/a", null, false, false);

    ListingPage page = ObjectListing.listV2(new InMemoryKeySource(AWS_EXAMPLE), params);

    assertThat(keys(page)).containsExactly("sample.jpg");
    assertThat(page.commonPrefixes()).isEmpty();
  }

  @Test
  void v1NextMarkerNamingACommonPrefixResumesAfterIt() {
    InMemoryKeySource source = new InMemoryKeySource(List.of("a/1", "a/2", "b/1", "c"));
    var params = new ListObjectsV1Params("", "/", 1, null, false);

    ListingPage page = ObjectListing.listV1(source, params);
    ListingPage next =
        ObjectListing.listV1(source, new ListObjectsV1Params("", "/", 1, page.nextMarker(), false));

    assertThat(page.nextMarker()).isEqualTo("a/");
    assertThat(next.commonPrefixes()).containsExactly("b/");
  }

  @Test
  void v2RefusesAForgedContinuationToken() {
    var params = new ListObjectsV2Params("", null, 10, null, "not a token", false, false);

    assertThatThrownBy(() -> ObjectListing.listV2(new InMemoryKeySource(AWS_EXAMPLE), params))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT));
  }

  @Test
  void failsLoudlyOnASourceThatIgnoresTheRange() {
    KeySource broken = (start, prefix, limit) -> List.of(InMemoryKeySource.object("a"));

    assertThatThrownBy(() -> ObjectListing.list(broken, "", null, 5, new AfterKey("a")))
        .isInstanceOf(IllegalStateException.class);
  }

  private static ListingPage list(
      List<String> keys, String prefix, String delimiter, int maxKeys, ListingPosition start) {
    return ObjectListing.list(new InMemoryKeySource(keys), prefix, delimiter, maxKeys, start);
  }

  private static List<String> keys(ListingPage page) {
    return page.contents().stream().map(ListedObject::key).toList();
  }
}
