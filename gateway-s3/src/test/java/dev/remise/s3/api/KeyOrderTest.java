package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KeyOrderTest {

  /**
   * Well-formed strings, biased toward the code points where UTF-16 and UTF-8 order disagree or
   * carries happen.
   */
  static Arbitrary<String> wellFormedStrings(int maxLength) {
    Arbitrary<Integer> edges =
        Arbitraries.of(
            0x00, 0x2F, 0x30, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000,
            0x1F600, 0x10FFFF, (int) 'a', (int) '/');
    Arbitrary<Integer> any =
        Arbitraries.integers()
            .between(0, Character.MAX_CODE_POINT)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, edges), net.jqwik.api.Tuple.of(1, any))
        .list()
        .ofMaxSize(maxLength)
        .map(
            cps ->
                cps.stream()
                    .collect(
                        StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString());
  }

  @Provide
  Arbitrary<String> strings() {
    return wellFormedStrings(6);
  }

  @Property(tries = 2000)
  void ordersLikeUtf8Bytes(@ForAll("strings") String a, @ForAll("strings") String b) {
    int expected =
        Integer.signum(
            Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

    assertThat(Integer.signum(KeyOrder.compare(a, b))).isEqualTo(expected);
  }

  @Example
  void differsFromJavaStringOrderAboveTheBasicPlane() {
    String emoji = "😀"; // U+1F600, a surrogate pair in UTF-16
    String privateUse = "\uE000";

    assertThat(emoji.compareTo(privateUse)).isNegative();
    assertThat(KeyOrder.compare(emoji, privateUse)).isPositive();
  }

  @Property(tries = 2000)
  void successorIsTheNextString(@ForAll("strings") String key, @ForAll("strings") String other) {
    String next = KeyOrder.successor(key);

    assertThat(KeyOrder.compare(key, next)).isNegative();
    // Nothing lies strictly between a key and its successor.
    assertThat(KeyOrder.compare(key, other) < 0 && KeyOrder.compare(other, next) < 0).isFalse();
  }

  /**
   * prefixEnd is the least upper bound of the strings with the prefix: above all of them, below all
   * others after.
   */
  @Property(tries = 3000)
  void prefixEndBoundsExactlyTheStringsWithThePrefix(
      @ForAll("strings") String prefix,
      @ForAll("strings") String tail,
      @ForAll("strings") String other) {
    String end = KeyOrder.prefixEnd(prefix);
    String inside = prefix + tail;

    if (end == null) {
      assertThat(prefix.codePoints().allMatch(cp -> cp == Character.MAX_CODE_POINT)).isTrue();
      return;
    }
    assertThat(end.startsWith(prefix)).isFalse();
    assertThat(KeyOrder.compare(inside, end)).isNegative();
    if (!other.startsWith(prefix) && KeyOrder.compare(other, prefix) > 0) {
      assertThat(KeyOrder.compare(other, end)).isGreaterThanOrEqualTo(0);
    }
  }

  @Example
  void prefixEndIncrementsCodePointsNotBytes() {
    assertThat(KeyOrder.prefixEnd("a/b/")).isEqualTo("a/b0");
    assertThat(KeyOrder.prefixEnd("a\u007F")).isEqualTo("a\u0080");
    assertThat(KeyOrder.prefixEnd("€")).isEqualTo("₭");
    assertThat(KeyOrder.prefixEnd("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(KeyOrder.prefixEnd("a\uFFFF")).isEqualTo("a\uD800\uDC00");
    assertThat(KeyOrder.prefixEnd("a\uDBFF\uDFFF")).isEqualTo("b");
    assertThat(KeyOrder.prefixEnd("\uDBFF\uDFFF")).isNull();
    assertThat(KeyOrder.prefixEnd("")).isNull();
  }
}
