package dev.remise.s3.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

  @ParameterizedTest
  @CsvSource({
    "bytes=0-0, 0, 1",
    "bytes=0-99, 0, 100",
    "bytes=10-, 10, 100",
    "bytes=-10, 90, 100",
    "bytes=-1000, 0, 100",
    "bytes=50-5000, 50, 100",
    "bytes= 5-6 , 5, 7"
  })
  void resolvesASingleRangeAgainstTheSize(String header, long start, long end) {
    assertThat(ByteRange.parse(header, 100)).contains(new ByteRange(start, end));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0"})
  void aRangeStartingPastTheEndIsUnsatisfiable(String header) {
    assertThatThrownBy(() -> ByteRange.parse(header, 100))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_RANGE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"items=0-1", "bytes=0-1,5-6", "bytes=abc", "bytes=5-2", "bytes=-", "bytes"})
  void headersS3CannotUseAreIgnored(String header) {
    assertThat(ByteRange.parse(header, 100)).isEqualTo(Optional.empty());
  }

  @org.junit.jupiter.api.Test
  void contentRangeNamesTheLastByteInclusive() {
    assertThat(new ByteRange(5, 10).contentRange(100)).isEqualTo("bytes 5-9/100");
  }
}
