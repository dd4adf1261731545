package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsChunkedInputStreamTest {
  static final PayloadMode SIGNED = new PayloadMode.StreamingSigned(false);
  static final PayloadMode SIGNED_TRAILER = new PayloadMode.StreamingSigned(true);
  static final PayloadMode UNSIGNED_TRAILER = new PayloadMode.StreamingUnsignedTrailer();
  static final Optional<ChecksumAlgorithm> CRC32 = Optional.of(ChecksumAlgorithm.CRC32);

  static byte[] payload(int size) {
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    return payload;
  }

  static AwsChunkedInputStream decoder(
      PayloadMode mode, byte[] body, Optional<ChecksumAlgorithm> trailer, OptionalLong length) {
    return new AwsChunkedInputStream(
        new ByteArrayInputStream(body), ChunkedBodies.request(mode), trailer, length);
  }

  static AwsChunkedInputStream decoder(
      PayloadMode mode, byte[] body, Optional<ChecksumAlgorithm> trailer) {
    return decoder(mode, body, trailer, OptionalLong.empty());
  }

  static void assertFails(ThrowingCallable read, PayloadFailure failure) {
    assertThatThrownBy(read)
        .isInstanceOf(PayloadException.class)
        .extracting(e -> ((PayloadException) e).failure())
        .isEqualTo(failure);
  }

  static String text(byte[] body) {
    return new String(body, StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void signedChunksDecodeToThePayload() throws IOException {
    byte[] payload = payload(10_000);
    byte[] body = ChunkedBodies.encode(SIGNED, payload, List.of(4096), Optional.empty());

    assertThat(decoder(SIGNED, body, Optional.empty(), OptionalLong.of(10_000)).readAllBytes())
        .isEqualTo(payload);
  }

  @Test
  void unsignedTrailerBodyDecodesAndExposesItsChecksumAfterTheEnd() throws IOException {
    byte[] payload = payload(5000);
    byte[] body = ChunkedBodies.encode(UNSIGNED_TRAILER, payload, List.of(1000), CRC32);
    AwsChunkedInputStream decoded = decoder(UNSIGNED_TRAILER, body, CRC32);

    assertThat(decoded.trailerChecksum()).isEmpty();
    assertThat(decoded.readAllBytes()).isEqualTo(payload);
    assertThat(decoded.trailerChecksum())
        .contains(ChunkedBodies.checksum(ChecksumAlgorithm.CRC32, payload));
  }

  @Test
  void emptyPayloadIsOneFinalChunk() throws IOException {
    byte[] body = ChunkedBodies.encode(SIGNED_TRAILER, new byte[0], List.of(1), CRC32);

    assertThat(decoder(SIGNED_TRAILER, body, CRC32, OptionalLong.of(0)).readAllBytes()).isEmpty();
  }

  /** The AWS example body, as botocore sends it over TLS (ecosystem.md §3). */
  @Test
  void botocoreUnsignedTrailerFramingDecodes() throws IOException {
    byte[] payload = payload(2000);
    String crc = ChunkedBodies.checksum(ChecksumAlgorithm.CRC32, payload);
    byte[] body =
        bytes("7d0\r\n" + text(payload) + "\r\n0\r\nx-amz-checksum-crc32:" + crc + "\r\n\r\n");

    assertThat(decoder(UNSIGNED_TRAILER, body, CRC32, OptionalLong.of(2000)).readAllBytes())
        .isEqualTo(payload);
  }

  @Test
  void everyTruncationFailsWithIncompleteBody() {
    byte[] payload = payload(300);
    for (PayloadMode mode : List.of(SIGNED, SIGNED_TRAILER, UNSIGNED_TRAILER)) {
      Optional<ChecksumAlgorithm> trailer = mode.equals(SIGNED) ? Optional.empty() : CRC32;
      byte[] body = ChunkedBodies.encode(mode, payload, List.of(128), trailer);
      for (int cut = 0; cut < body.length; cut++) {
        byte[] truncated = Arrays.copyOf(body, cut);
        assertFails(
            () -> decoder(mode, truncated, trailer).readAllBytes(), PayloadFailure.INCOMPLETE_BODY);
      }
    }
  }

  @Test
  void chunkWithWrongSignatureIsRefusedBeforeAnyOfItsBytesAreReleased() throws IOException {
    byte[] payload = payload(8192);
    byte[] body = ChunkedBodies.encode(SIGNED, payload, List.of(4096), Optional.empty());
    int secondHeader = text(body).indexOf("1000;chunk-signature", 4096);
    int secondData = text(body).indexOf("\r\n", secondHeader) + 2;
    body[secondData + 100] ^= 1;
    AwsChunkedInputStream decoded = decoder(SIGNED, body, Optional.empty());

    assertThat(decoded.readNBytes(4096)).isEqualTo(Arrays.copyOf(payload, 4096));
    assertFails(() -> decoded.read(new byte[10]), PayloadFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void reorderedChunksBreakTheSignatureChain() {
    byte[] payload = payload(200);
    byte[] body = ChunkedBodies.encode(SIGNED, payload, List.of(100), Optional.empty());
    String text = text(body);
    int second = text.indexOf("64;", 10);
    int finalChunk = text.indexOf("0;chunk-signature");
    String first = text.substring(0, second);
    String swapped = text.substring(second, finalChunk) + first + text.substring(finalChunk);

    assertFails(
        () -> decoder(SIGNED, bytes(swapped), Optional.empty()).readAllBytes(),
        PayloadFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void signedTrailerWithWrongChecksumFailsWithBadDigest() {
    byte[] payload = payload(1000);
    byte[] body =
        ChunkedBodies.encode(
            SIGNED_TRAILER,
            payload,
            List.of(400),
            CRC32,
            Optional.of(ChunkedBodies.checksum(ChecksumAlgorithm.CRC32, payload(999))));

    assertFails(
        () -> decoder(SIGNED_TRAILER, body, CRC32).readAllBytes(), PayloadFailure.BAD_DIGEST);
  }

  @Test
  void unsignedTrailerWithWrongChecksumFailsWithBadDigest() {
    byte[] payload = payload(1000);
    byte[] body =
        ChunkedBodies.encode(
            UNSIGNED_TRAILER, payload, List.of(400), CRC32, Optional.of("AAAAAA=="));

    assertFails(
        () -> decoder(UNSIGNED_TRAILER, body, CRC32).readAllBytes(), PayloadFailure.BAD_DIGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64!", "AAAA", "AAAAAAAAAAA="})
  void malformedTrailerChecksumFailsWithInvalidDigest(String value) {
    byte[] body =
        ChunkedBodies.encode(
            UNSIGNED_TRAILER, payload(10), List.of(400), CRC32, Optional.of(value));

    assertFails(
        () -> decoder(UNSIGNED_TRAILER, body, CRC32).readAllBytes(), PayloadFailure.INVALID_DIGEST);
  }

  @Test
  void wrongTrailerSignatureIsRefused() {
    byte[] payload = payload(1000);
    String body = text(ChunkedBodies.encode(SIGNED_TRAILER, payload, List.of(400), CRC32));
    int at = body.indexOf("x-amz-trailer-signature:") + "x-amz-trailer-signature:".length();
    String tampered =
        body.substring(0, at) + (body.charAt(at) == '0' ? '1' : '0') + body.substring(at + 1);

    assertFails(
        () -> decoder(SIGNED_TRAILER, bytes(tampered), CRC32).readAllBytes(),
        PayloadFailure.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void signedTrailerWithoutSignatureIsMalformed() {
    byte[] payload = payload(100);
    String body = text(ChunkedBodies.encode(SIGNED_TRAILER, payload, List.of(400), CRC32));
    String unsigned = body.replaceAll("x-amz-trailer-signature:[0-9a-f]+\r\n", "");

    assertFails(
        () -> decoder(SIGNED_TRAILER, bytes(unsigned), CRC32).readAllBytes(),
        PayloadFailure.MALFORMED_CHUNK);
  }

  @Test
  void announcedTrailerThatNeverComesIsMalformed() {
    byte[] body =
        ChunkedBodies.encode(UNSIGNED_TRAILER, payload(100), List.of(400), Optional.empty());

    assertFails(
        () -> decoder(UNSIGNED_TRAILER, body, CRC32).readAllBytes(),
        PayloadFailure.MALFORMED_CHUNK);
  }

  @Test
  void chunkLargerThanTheLimitIsRefusedWithoutBeingRead() {
    String header =
        Integer.toHexString(AwsChunkedInputStream.MAX_CHUNK_SIZE + 1)
            + ";chunk-signature="
            + "0".repeat(64)
            + "\r\n";
    InputStream endless =
        new InputStream() {
          int position;

          @Override
          public int read() {
            return position < header.length() ? header.charAt(position++) : 'a';
          }
        };
    AwsChunkedInputStream decoded =
        new AwsChunkedInputStream(
            endless, ChunkedBodies.request(SIGNED), Optional.empty(), OptionalLong.empty());

    assertFails(() -> decoded.read(new byte[10]), PayloadFailure.MALFORMED_CHUNK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "zz\r\n",
        "\r\n",
        "-1\r\n",
        "1000000000000000000\r\n",
        "5\r\nhelloXX0\r\n",
        "5\r\nhello\r\n0\r\nx-amz-checksum-crc32\r\n\r\n"
      })
  void brokenFramingIsMalformed(String body) {
    assertFails(
        () -> decoder(UNSIGNED_TRAILER, bytes(body), Optional.empty()).readAllBytes(),
        PayloadFailure.MALFORMED_CHUNK);
  }

  @Test
  void signedChunkWithoutSignatureIsMalformed() {
    assertFails(
        () -> decoder(SIGNED, bytes("5\r\nhello\r\n0\r\n\r\n"), Optional.empty()).readAllBytes(),
        PayloadFailure.MALFORMED_CHUNK);
  }

  @Test
  void chunksCarryingMoreThanTheDecodedLengthAreMalformed() {
    byte[] body = ChunkedBodies.encode(SIGNED, payload(100), List.of(60), Optional.empty());

    assertFails(
        () -> decoder(SIGNED, body, Optional.empty(), OptionalLong.of(99)).readAllBytes(),
        PayloadFailure.MALFORMED_CHUNK);
  }

  @Test
  void chunksCarryingLessThanTheDecodedLengthAreIncomplete() {
    byte[] body = ChunkedBodies.encode(SIGNED, payload(100), List.of(60), Optional.empty());

    assertFails(
        () -> decoder(SIGNED, body, Optional.empty(), OptionalLong.of(101)).readAllBytes(),
        PayloadFailure.INCOMPLETE_BODY);
  }

  @Test
  void unsignedChunkExtensionsAreIgnored() throws IOException {
    byte[] payload = payload(5);
    String crc = ChunkedBodies.checksum(ChecksumAlgorithm.CRC32, payload);
    byte[] body =
        bytes(
            "5;name=value;other\r\n"
                + text(payload)
                + "\r\n0;x=y\r\nx-amz-checksum-crc32:"
                + crc
                + "\r\n\r\n");

    assertThat(decoder(UNSIGNED_TRAILER, body, CRC32).readAllBytes()).isEqualTo(payload);
  }

  /** Some clients end the trailer value with a stray LF before the CRLF (noted in Garage). */
  @Test
  void trailerValueFollowedByStrayLineFeedIsAccepted() throws IOException {
    byte[] payload = payload(5);
    String crc = ChunkedBodies.checksum(ChecksumAlgorithm.CRC32, payload);
    byte[] body =
        bytes("5\r\n" + text(payload) + "\r\n0\r\nx-amz-checksum-crc32:" + crc + "\n\r\n\r\n");

    assertThat(decoder(UNSIGNED_TRAILER, body, CRC32).readAllBytes()).isEqualTo(payload);
  }

  /** The SDK sends a signed trailer with only its signature when no checksum is requested. */
  @Test
  void signedTrailerWithoutChecksumDecodes() throws IOException {
    byte[] payload = payload(1000);
    byte[] body = ChunkedBodies.encode(SIGNED_TRAILER, payload, List.of(300), Optional.empty());

    AwsChunkedInputStream decoded = decoder(SIGNED_TRAILER, body, Optional.empty());

    assertThat(decoded.readAllBytes()).isEqualTo(payload);
    assertThat(decoded.trailerChecksum()).isEmpty();
  }

  @Test
  void aFailureIsThrownAgainByEveryLaterRead() throws IOException {
    byte[] body = bytes("zz\r\n");
    AwsChunkedInputStream decoded = decoder(UNSIGNED_TRAILER, body, Optional.empty());

    assertFails(decoded::read, PayloadFailure.MALFORMED_CHUNK);
    assertFails(decoded::read, PayloadFailure.MALFORMED_CHUNK);
  }

  @Test
  void singleByteReadsDecodeTheSamePayload() throws IOException {
    byte[] payload = payload(3000);
    byte[] body = ChunkedBodies.encode(SIGNED_TRAILER, payload, List.of(700), CRC32);
    AwsChunkedInputStream decoded = decoder(SIGNED_TRAILER, body, CRC32);

    byte[] read = new byte[payload.length];
    for (int i = 0; i < read.length; i++) {
      read[i] = (byte) decoded.read();
    }

    assertThat(read).isEqualTo(payload);
    assertThat(decoded.read()).isEqualTo(-1);
    assertThat(decoded.read()).isEqualTo(-1);
  }

  @Test
  void decoderIsBuiltFromTheRequestHeaders() throws IOException {
    byte[] payload = payload(100);
    byte[] body =
        ChunkedBodies.encode(
            SIGNED_TRAILER, payload, List.of(64), Optional.of(ChecksumAlgorithm.SHA256));
    SignedRequest request =
        new SignedRequest(
            "PUT",
            "/bucket/key",
            "",
            Map.of(
                "X-Amz-Trailer", List.of("X-Amz-Checksum-SHA256"),
                "X-Amz-Decoded-Content-Length", List.of("100")));

    AwsChunkedInputStream decoded =
        AwsChunkedInputStream.of(
            new ByteArrayInputStream(body), ChunkedBodies.request(SIGNED_TRAILER), request);

    assertThat(decoded.readAllBytes()).isEqualTo(payload);
    assertThat(decoded.trailerChecksum())
        .contains(ChunkedBodies.checksum(ChecksumAlgorithm.SHA256, payload));
  }

  @ParameterizedTest
  @ValueSource(strings = {"x-amz-trailer:x-amz-checksum-md5", "x-amz-decoded-content-length:-3"})
  void malformedStreamingHeadersAreInvalidArguments(String header) {
    String[] nameValue = header.split(":");
    SignedRequest request =
        new SignedRequest("PUT", "/b/k", "", Map.of(nameValue[0], List.of(nameValue[1])));

    assertThatThrownBy(
            () ->
                AwsChunkedInputStream.of(
                    InputStream.nullInputStream(),
                    ChunkedBodies.request(UNSIGNED_TRAILER),
                    request))
        .isInstanceOf(SigV4Exception.class)
        .extracting(e -> ((SigV4Exception) e).failure())
        .isEqualTo(AuthFailure.INVALID_ARGUMENT);
  }

  @Test
  void nonStreamingModeIsNotAChunkedBody() {
    assertThatThrownBy(
            () ->
                new AwsChunkedInputStream(
                    InputStream.nullInputStream(),
                    ChunkedBodies.request(new PayloadMode.UnsignedPayload()),
                    Optional.empty(),
                    OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
