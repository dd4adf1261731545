package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "photos",
        "my-bucket.example.com",
        "0123456789",
        "a-b",
        "a.b.c",
        "192.168.5",
        "1.2.3.4.5",
        "xn-single-dash",
        "sthree",
        "my-s3alias-bucket",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"
      })
  void acceptsAwsValidNames(String name) {
    assertThatCode(() -> BucketNames.validate(name)).doesNotThrowAnyException();
    assertThat(BucketNames.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ab",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
        "MyBucket",
        "my_bucket",
        "my bucket",
        "bucket/key",
        "café",
        "-bucket",
        "bucket-",
        ".bucket",
        "bucket.",
        "my..bucket",
        "192.168.5.4",
        "10.0.0.1",
        "xn--bcher-kva",
        "sthree-bucket",
        "amzn-s3-demo-bucket",
        "access-point-s3alias",
        "object-lambda--ol-s3",
        "directory--x-s3",
        "table--table-s3",
        "multi-region.mrap"
      })
  void refusesInvalidNames(String name) {
    assertThatThrownBy(() -> BucketNames.validate(name))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.error()).isEqualTo(S3Error.INVALID_BUCKET_NAME);
              assertThat(e.resource()).isEqualTo(name);
            });
    assertThat(BucketNames.isValid(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab"})
  void saysWhichRuleIsBroken(String name) {
    assertThatThrownBy(() -> BucketNames.validate(name)).hasMessageContaining("between 3 and 63");
  }
}
