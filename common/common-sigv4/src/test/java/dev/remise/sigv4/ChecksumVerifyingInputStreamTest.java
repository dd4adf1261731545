package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ChecksumVerifyingInputStreamTest {
  static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);
  static final String HELLO_MD5 = "XrY7u+Ae7tCTyyK7j1rNww==";
  static final String HELLO_SHA256 =
      "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

  static InputStream hello() {
    return new ByteArrayInputStream(HELLO);
  }

  static void assertFails(ThrowingCallable call, PayloadFailure failure) {
    assertThatThrownBy(call)
        .isInstanceOf(PayloadException.class)
        .extracting(e -> ((PayloadException) e).failure())
        .isEqualTo(failure);
  }

  @Test
  void bodyMatchingItsChecksumHeaderPassesThrough() throws IOException {
    assertThat(
            ChecksumVerifyingInputStream.of(hello(), ChecksumAlgorithm.CRC32C, "yZRlqg==")
                .readAllBytes())
        .isEqualTo(HELLO);
  }

  @Test
  void bodyNotMatchingItsChecksumHeaderFailsWithBadDigestAtTheEnd() throws IOException {
    InputStream in = ChecksumVerifyingInputStream.of(hello(), ChecksumAlgorithm.CRC32, "AAAAAA==");

    assertThat(in.readNBytes(HELLO.length)).isEqualTo(HELLO);
    assertFails(in::read, PayloadFailure.BAD_DIGEST);
    assertFails(in::read, PayloadFailure.BAD_DIGEST);
  }

  @Test
  void malformedChecksumHeaderIsAnInvalidDigest() {
    assertFails(
        () -> ChecksumVerifyingInputStream.of(hello(), ChecksumAlgorithm.SHA1, "DUoRhQ=="),
        PayloadFailure.INVALID_DIGEST);
  }

  @Test
  void contentMd5IsVerified() throws IOException {
    assertThat(ChecksumVerifyingInputStream.contentMd5(hello(), HELLO_MD5).readAllBytes())
        .isEqualTo(HELLO);
    assertFails(
        () ->
            ChecksumVerifyingInputStream.contentMd5(hello(), "1B2M2Y8AsgTpgAmY7PhCfg==")
                .readAllBytes(),
        PayloadFailure.BAD_DIGEST);
    assertFails(
        () -> ChecksumVerifyingInputStream.contentMd5(hello(), "hello"),
        PayloadFailure.INVALID_DIGEST);
  }

  @Test
  void skippedBytesAreChecksummedToo() throws IOException {
    InputStream in = ChecksumVerifyingInputStream.of(hello(), ChecksumAlgorithm.CRC32, "AAAAAA==");

    assertThat(in.skip(HELLO.length)).isEqualTo(HELLO.length);
    assertFails(in::read, PayloadFailure.BAD_DIGEST);
  }

  @Test
  void signedSha256IsVerified() throws IOException {
    assertThat(new Sha256VerifyingInputStream(hello(), HELLO_SHA256).readAllBytes())
        .isEqualTo(HELLO);
    assertFails(
        () -> new Sha256VerifyingInputStream(hello(), "0".repeat(64)).readAllBytes(),
        PayloadFailure.CONTENT_SHA256_MISMATCH);
  }
}
