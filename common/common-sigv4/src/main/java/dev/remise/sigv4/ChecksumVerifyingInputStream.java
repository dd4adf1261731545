package dev.remise.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Passes a body through while computing its checksum, and compares it at end-of-stream with the
 * value the client announced up front: an {@code x-amz-checksum-*} header or {@code Content-MD5}. A
 * mismatch is reported by the read that reaches the end, so a consumer must read to {@code -1}
 * before it trusts (commits) what it has read. Once thrown, the failure is thrown by every later
 * read. Skipped bytes are read and checksummed like the others.
 */
public class ChecksumVerifyingInputStream extends InputStream {
  private final InputStream in;
  private final Checksummer checksummer;
  private final byte[] expected;
  private final PayloadFailure onMismatch;
  private final Function<byte[], String> mismatchMessage;
  private final byte[] oneByte = new byte[1];
  private boolean verified;
  private @Nullable PayloadException failure;

  /**
   * @param expected the checksum the body must have
   * @param onMismatch the failure that a different checksum is
   * @param mismatchMessage the failure's message, given the computed checksum (which is what one
   *     needs to debug a client)
   */
  protected ChecksumVerifyingInputStream(
      InputStream in,
      Checksummer checksummer,
      byte[] expected,
      PayloadFailure onMismatch,
      Function<byte[], String> mismatchMessage) {
    this.in = Objects.requireNonNull(in, "in");
    this.checksummer = Objects.requireNonNull(checksummer, "checksummer");
    this.expected = expected.clone();
    this.onMismatch = Objects.requireNonNull(onMismatch, "onMismatch");
    this.mismatchMessage = Objects.requireNonNull(mismatchMessage, "mismatchMessage");
  }

  /**
   * Verifies the body against an {@code x-amz-checksum-*} header value.
   *
   * @throws PayloadException ({@link PayloadFailure#INVALID_DIGEST}) if the value is not base64 of
   *     the algorithm's size
   */
  public static ChecksumVerifyingInputStream of(
      InputStream in, ChecksumAlgorithm algorithm, String expectedBase64) throws PayloadException {
    byte[] expected =
        algorithm
            .decode(expectedBase64)
            .orElseThrow(
                () ->
                    new PayloadException(
                        PayloadFailure.INVALID_DIGEST,
                        "Value for " + algorithm.headerName() + " header is invalid."));
    return new ChecksumVerifyingInputStream(
        in,
        algorithm.newChecksummer(),
        expected,
        PayloadFailure.BAD_DIGEST,
        named(algorithm.name()));
  }

  /**
   * Verifies the body against a {@code Content-MD5} header value.
   *
   * @throws PayloadException ({@link PayloadFailure#INVALID_DIGEST}) if the value is not base64 of
   *     16 bytes
   */
  public static ChecksumVerifyingInputStream contentMd5(InputStream in, String md5Base64)
      throws PayloadException {
    byte[] expected;
    try {
      expected = Base64.getDecoder().decode(md5Base64.strip());
    } catch (IllegalArgumentException notBase64) {
      expected = new byte[0];
    }
    if (expected.length != 16) {
      throw new PayloadException(
          PayloadFailure.INVALID_DIGEST, "The Content-MD5 you specified was invalid.");
    }
    return new ChecksumVerifyingInputStream(
        in,
        new DigestChecksummer("MD5"),
        expected,
        PayloadFailure.BAD_DIGEST,
        named("Content-MD5"));
  }

  private static Function<byte[], String> named(String what) {
    return computed ->
        "The %s you specified did not match the calculated checksum (%s)."
            .formatted(what, Base64.getEncoder().encodeToString(computed));
  }

  @Override
  public int read() throws IOException {
    int n = read(oneByte, 0, 1);
    return n < 0 ? -1 : oneByte[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (length == 0) {
      // Some streams answer a zero-length read at their end with -1: that is no end-of-stream.
      return 0;
    }
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      checksummer.update(buffer, offset, n);
    } else if (n < 0 && !verified) {
      byte[] computed = checksummer.digest();
      if (!MessageDigest.isEqual(expected, computed)) {
        failure = new PayloadException(onMismatch, mismatchMessage.apply(computed));
        throw failure;
      }
      verified = true;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
