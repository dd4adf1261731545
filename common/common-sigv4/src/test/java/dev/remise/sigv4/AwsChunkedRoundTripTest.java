package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/** Properties of aws-chunked decoding over random payloads, chunkings and read patterns. */
class AwsChunkedRoundTripTest {

  @Provide
  Arbitrary<PayloadMode> modes() {
    return Arbitraries.of(
        new PayloadMode.StreamingSigned(false),
        new PayloadMode.StreamingSigned(true),
        new PayloadMode.StreamingUnsignedTrailer());
  }

  static boolean hasTrailer(PayloadMode mode) {
    return !mode.equals(new PayloadMode.StreamingSigned(false));
  }

  @Property(tries = 200)
  void decodingAnEncodedBodyGivesThePayloadBack(
      @ForAll("modes") PayloadMode mode,
      @ForAll ChecksumAlgorithm checksum,
      @ForAll @Size(max = 70_000) byte[] payload,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 20_000) Integer> chunkSizes,
      @ForAll @IntRange(min = 1, max = 9000) int readSize,
      @ForAll long readSeed)
      throws IOException {
    Optional<ChecksumAlgorithm> trailer =
        hasTrailer(mode) ? Optional.of(checksum) : Optional.empty();
    byte[] body = ChunkedBodies.encode(mode, payload, chunkSizes, trailer);
    AwsChunkedInputStream decoded =
        new AwsChunkedInputStream(
            new ByteArrayInputStream(body),
            ChunkedBodies.request(mode),
            trailer,
            OptionalLong.of(payload.length));

    // Reads of random sizes up to readSize, as a servlet copy loop would issue them.
    Random sizes = new Random(readSeed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[readSize];
    for (int n; (n = decoded.read(buffer, 0, 1 + sizes.nextInt(readSize))) >= 0; ) {
      out.write(buffer, 0, n);
    }

    assertThat(out.toByteArray()).isEqualTo(payload);
    assertThat(decoded.trailerChecksum())
        .isEqualTo(trailer.map(a -> ChunkedBodies.checksum(a, payload)));
  }

  /**
   * A signed body cannot be altered: flipping any bit of any byte (data, sizes, signatures,
   * framing, trailer) either makes decoding fail or, where the flip changes nothing that was signed
   * (the letter case of a hex signature), yields the very same payload. It never yields other
   * bytes.
   */
  @Property(tries = 500)
  void anyAlteredByteOfASignedBodyIsDetectedOrHarmless(
      @ForAll @Size(max = 600) byte[] payload,
      @ForAll @IntRange(min = 1, max = 300) int chunkSize,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
      @ForAll @IntRange(min = 0, max = 7) int bit)
      throws IOException {
    PayloadMode mode = new PayloadMode.StreamingSigned(true);
    Optional<ChecksumAlgorithm> trailer = Optional.of(ChecksumAlgorithm.CRC32C);
    byte[] body = ChunkedBodies.encode(mode, payload, List.of(chunkSize), trailer);
    body[position % body.length] ^= (byte) (1 << bit);
    AwsChunkedInputStream decoded =
        new AwsChunkedInputStream(
            new ByteArrayInputStream(body),
            ChunkedBodies.request(mode),
            trailer,
            OptionalLong.empty());

    String outcome;
    try {
      assertThat(decoded.readAllBytes()).isEqualTo(payload);
      outcome = "harmless";
    } catch (PayloadException detected) {
      outcome = "detected";
    }

    Statistics.label("outcome")
        .collect(outcome)
        .coverage(coverage -> coverage.check("detected").percentage(p -> p > 80));
  }
}
