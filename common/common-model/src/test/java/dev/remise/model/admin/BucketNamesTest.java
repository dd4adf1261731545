package dev.remise.model.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"abc", "my-bucket", "my.bucket.2", "a-b", "0ab", "1.2.3"})
  void acceptsAwsBucketNames(String name) {
    assertThat(BucketNames.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab",
        "Abc",
        "my_bucket",
        "-abc",
        "abc-",
        ".abc",
        "abc.",
        "192.168.5.4",
        "xn--abc",
        "999.1.1.1",
        "abc-s3alias",
        "bucket name",
        "émile"
      })
  void rejectsNamesOutsideAwsRules(String name) {
    assertThat(BucketNames.isValid(name)).isFalse();
  }

  @Test
  void limitsNamesTo63Characters() {
    assertThat(BucketNames.isValid("a".repeat(63))).isTrue();
    assertThat(BucketNames.isValid("a".repeat(64))).isFalse();
  }
}
