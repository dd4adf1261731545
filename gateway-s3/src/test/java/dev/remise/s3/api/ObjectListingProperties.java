package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Paging through a listing with every page size from 1 to 5 lists exactly what a naive oracle
 * lists: filter all keys by prefix, roll each up at the delimiter, sort by UTF-8 bytes, keep what
 * sorts after start-after. No entry twice, none missing, in order across pages.
 */
class ObjectListingProperties {
  /**
   * Few symbols, so keys share prefixes and delimiters occur; with NUL, supplementary and max code
   * points.
   */
  private static final List<String> ALPHABET =
      List.of("a", "b", "/", "-", "é", "\0", "\uE000", "😀", "\uDBFF\uDFFF");

  private static final Comparator<String> UTF8_BYTES =
      (x, y) ->
          Arrays.compareUnsigned(
              x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));

  /** An oracle entry: a key listed itself, or a common prefix. */
  record Entry(boolean commonPrefix, String value) {}

  @Provide
  Arbitrary<Set<String>> keySets() {
    return words(1, 6).set().ofMaxSize(40);
  }

  @Provide
  Arbitrary<String> prefixes() {
    return words(0, 2);
  }

  /** {@code ""} stands for no delimiter. */
  @Provide
  Arbitrary<String> delimiters() {
    return Arbitraries.oneOf(Arbitraries.just(""), words(1, 2), Arbitraries.just("/"));
  }

  /** {@code ""} stands for no start-after. */
  @Provide
  Arbitrary<String> startAfters() {
    return Arbitraries.oneOf(Arbitraries.just(""), words(1, 4));
  }

  @Property(tries = 500)
  void v2PagesListExactlyTheOracle(
      @ForAll("keySets") Set<String> keys,
      @ForAll("prefixes") String prefix,
      @ForAll("delimiters") String delimiter,
      @ForAll("startAfters") String startAfter,
      @ForAll @IntRange(min = 1, max = 5) int maxKeys) {
    InMemoryKeySource source = new InMemoryKeySource(keys);
    List<Entry> expected = oracle(keys, prefix, delimiter, startAfter);

    List<Entry> listed = new ArrayList<>();
    String token = null;
    do {
      var params =
          new ListObjectsV2Params(
              prefix,
              delimiter,
              maxKeys,
              startAfter.isEmpty() ? null : startAfter,
              token,
              false,
              false);
      ListingPage page = ObjectListing.listV2(source, params);
      checkPage(page, maxKeys, listed);
      token = page.nextContinuationToken();
      assertThat(listed.size()).isLessThanOrEqualTo(expected.size());
    } while (token != null);

    assertThat(listed).containsExactlyElementsOf(expected);
  }

  @Property(tries = 500)
  void v1PagesListExactlyTheOracle(
      @ForAll("keySets") Set<String> keys,
      @ForAll("prefixes") String prefix,
      @ForAll("delimiters") String delimiter,
      @ForAll("startAfters") String firstMarker,
      @ForAll @IntRange(min = 1, max = 5) int maxKeys) {
    InMemoryKeySource source = new InMemoryKeySource(keys);
    List<Entry> expected = oracle(keys, prefix, delimiter, firstMarker);

    List<Entry> listed = new ArrayList<>();
    String marker = firstMarker.isEmpty() ? null : firstMarker;
    while (true) {
      var params = new ListObjectsV1Params(prefix, delimiter, maxKeys, marker, false);
      ListingPage page = ObjectListing.listV1(source, params);
      checkPage(page, maxKeys, listed);
      if (!page.truncated()) {
        break;
      }
      // As SDKs do: NextMarker when the response has one (only with a delimiter), else the last
      // key.
      marker = params.delimiter() != null ? page.nextMarker() : page.contents().getLast().key();
    }

    assertThat(listed).containsExactlyElementsOf(expected);
  }

  /**
   * Checks one page on its own (size, order, truncation) and appends its entries, in listing order,
   * to {@code listed}; they must all sort after what earlier pages listed.
   */
  private static void checkPage(ListingPage page, int maxKeys, List<Entry> listed) {
    assertThat(page.keyCount()).isLessThanOrEqualTo(maxKeys);
    if (page.truncated()) {
      assertThat(page.keyCount()).isEqualTo(maxKeys);
    }
    List<Entry> entries = new ArrayList<>();
    page.contents().forEach(o -> entries.add(new Entry(false, o.key())));
    page.commonPrefixes().forEach(p -> entries.add(new Entry(true, p)));
    entries.sort(Comparator.comparing(Entry::value, UTF8_BYTES));
    assertThat(page.contents().stream().map(ListedObject::key).toList())
        .isSortedAccordingTo(UTF8_BYTES);
    assertThat(page.commonPrefixes()).isSortedAccordingTo(UTF8_BYTES);
    if (!listed.isEmpty() && !entries.isEmpty()) {
      assertThat(UTF8_BYTES.compare(listed.getLast().value(), entries.getFirst().value()))
          .isNegative();
    }
    if (page.truncated()) {
      assertThat(page.next().entry()).isEqualTo(entries.getLast().value());
    }
    listed.addAll(entries);
  }

  /**
   * The naive listing: everything in memory, compared as UTF-8 bytes, with no cleverness to get
   * wrong.
   */
  private static List<Entry> oracle(
      Set<String> keys, String prefix, String delimiter, String startAfter) {
    TreeSet<String> prefixes = new TreeSet<>(UTF8_BYTES);
    TreeSet<String> plain = new TreeSet<>(UTF8_BYTES);
    for (String key : keys) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      int at = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
      if (at < 0) {
        plain.add(key);
      } else {
        prefixes.add(key.substring(0, at + delimiter.length()));
      }
    }
    List<Entry> entries = new ArrayList<>();
    plain.forEach(k -> entries.add(new Entry(false, k)));
    prefixes.forEach(p -> entries.add(new Entry(true, p)));
    entries.sort(Comparator.comparing(Entry::value, UTF8_BYTES));
    if (!startAfter.isEmpty()) {
      entries.removeIf(e -> UTF8_BYTES.compare(e.value(), startAfter) <= 0);
    }
    return entries;
  }

  private static Arbitrary<String> words(int min, int max) {
    return Arbitraries.of(ALPHABET)
        .list()
        .ofMinSize(min)
        .ofMaxSize(max)
        .map(parts -> String.join("", parts));
  }
}
