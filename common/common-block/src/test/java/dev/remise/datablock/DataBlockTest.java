package dev.remise.datablock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.datablock.DataBlock.BlockFormat;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataBlockTest {
  private static byte[] text(int size) {
    byte[] line =
        "{\"key\":\"photos/2026/img-0042.jpg\",\"size\":123456}\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = line[i % line.length];
    }
    return out;
  }

  private static byte[] noise(int size) {
    byte[] out = new byte[size];
    new Random(42).nextBytes(out);
    return out;
  }

  @Test
  void compressibleDataIsStoredCompressedAndRoundTrips() throws Exception {
    byte[] plain = text(1 << 20);
    Hash hash = Blake2.sum(plain);
    DataBlock block = DataBlock.fromPlain(plain, Compression.DEFAULT);
    assertThat(block.format()).isEqualTo(BlockFormat.ZSTD);
    assertThat(block.storedLength()).isLessThan(plain.length / 10);
    assertThat(block.plain()).isEqualTo(plain);
    assertThat(block.plainStream().readAllBytes()).isEqualTo(plain);
    block.checkStored(hash);
    block.verify(hash);
  }

  @Test
  void incompressibleDataStaysPlain() throws Exception {
    byte[] plain = noise(100_000);
    DataBlock block = DataBlock.fromPlain(plain, Compression.DEFAULT);
    assertThat(block).isInstanceOf(DataBlock.Plain.class);
    assertThat(block.bytes()).isSameAs(plain);
    block.verify(Blake2.sum(plain));
  }

  @Test
  void noCompressionKeepsPlain() {
    byte[] plain = text(10_000);
    assertThat(DataBlock.fromPlain(plain, Compression.NONE).format()).isEqualTo(BlockFormat.PLAIN);
  }

  @Test
  void aFlippedByteInACompressedFrameIsDetectedWithoutTheHash() {
    byte[] plain = text(200_000);
    byte[] frame = DataBlock.fromPlain(plain, Compression.DEFAULT).bytes().clone();
    frame[frame.length / 2] ^= 0x01;
    DataBlock bad = DataBlock.of(BlockFormat.ZSTD, frame);
    assertThatThrownBy(() -> bad.checkStored(Blake2.sum(plain)))
        .isInstanceOf(CorruptBlockDataException.class);
  }

  @Test
  void aFlippedByteInAPlainBlockFailsItsHash() {
    byte[] plain = noise(5_000);
    Hash hash = Blake2.sum(plain);
    byte[] copy = plain.clone();
    copy[17] ^= 0x40;
    assertThatThrownBy(() -> DataBlock.of(BlockFormat.PLAIN, copy).checkStored(hash))
        .isInstanceOf(CorruptBlockDataException.class)
        .hasMessageContaining("not to its name");
  }

  @Test
  void aValidFrameOfOtherDataFailsFullVerification() throws Exception {
    DataBlock other = DataBlock.fromPlain(text(50_000), Compression.DEFAULT);
    Hash expected = Blake2.sum(text(50_001));
    other.checkStored(expected); // the cheap check cannot see it...
    assertThatThrownBy(() -> other.verify(expected)) // ...the full one does
        .isInstanceOf(CorruptBlockDataException.class);
  }

  @Test
  void framesWithoutAChecksumAreRefused() {
    byte[] frame = com.github.luben.zstd.Zstd.compress(text(10_000), 1); // no checksum flag
    assertThatThrownBy(() -> DataBlock.of(BlockFormat.ZSTD, frame).plain())
        .isInstanceOf(CorruptBlockDataException.class)
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> DataBlock.of(BlockFormat.ZSTD, new byte[] {1, 2}).plain())
        .isInstanceOf(CorruptBlockDataException.class);
  }

  @Test
  void formatsParseFromTheHeader() {
    assertThat(BlockFormat.parse(null)).isEqualTo(BlockFormat.PLAIN);
    assertThat(BlockFormat.parse("zstd")).isEqualTo(BlockFormat.ZSTD);
    assertThatThrownBy(() -> BlockFormat.parse("gzip"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compressionLevelsParse() {
    assertThat(Compression.parse("none")).isEqualTo(Compression.NONE);
    assertThat(Compression.parse(" 3 ").level()).hasValue(3);
    assertThatThrownBy(() -> Compression.parse("fast"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Compression.parse("99")).isInstanceOf(IllegalArgumentException.class);
  }
}
