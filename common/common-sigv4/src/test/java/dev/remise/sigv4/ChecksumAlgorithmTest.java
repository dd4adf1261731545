package dev.remise.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChecksumAlgorithmTest {

  static String checksum(ChecksumAlgorithm algorithm, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Checksummer checksummer = algorithm.newChecksummer();
    checksummer.update(bytes, 0, bytes.length);
    return checksummer.base64();
  }

  /** Values observed on the wire from AWS SDKs (ecosystem.md §3) and standard digests. */
  @ParameterizedTest
  @CsvSource({
    "CRC32,     hello world, DUoRhQ==",
    "CRC32C,    hello world, yZRlqg==",
    "CRC64NVME, hello world, jSnVw/bqjr4=",
    "SHA1,      hello world, Kq5sNclPz7QV2+lfQIuc6R7oRu0=",
    "SHA256,    hello world, uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=",
    "CRC32,     '',          AAAAAA==",
    "CRC32C,    '',          AAAAAA==",
    "CRC64NVME, '',          AAAAAAAAAAA=",
    "SHA1,      '',          2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
    "SHA256,    '',          47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
  })
  void checksumOfKnownBodiesMatchesAws(ChecksumAlgorithm algorithm, String body, String base64) {
    assertThat(checksum(algorithm, body)).isEqualTo(base64);
  }

  @Test
  void crc64NvmeHasItsCatalogueCheckValue() {
    Crc64Nvme crc = new Crc64Nvme();
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    crc.update(check, 0, check.length);

    assertThat(crc.value()).isEqualTo(0xae8b14860a799888L);
    assertThat(HexFormat.of().formatHex(crc.digest())).isEqualTo("ae8b14860a799888");
  }

  /** Bit by bit, straight from the definition: the oracle for the slicing-by-8 tables. */
  static long crc64NvmeBitwise(byte[] data) {
    long crc = ~0L;
    for (byte b : data) {
      crc ^= b & 0xff;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
      }
    }
    return ~crc;
  }

  @Property
  void crc64NvmeSlicedAndStreamedEqualsTheBitwiseDefinition(
      @ForAll @Size(max = 300) byte[] data, @ForAll @IntRange(max = 300) int split) {
    int at = Math.min(split, data.length);
    Crc64Nvme crc = new Crc64Nvme();
    crc.update(data, 0, at);
    crc.update(data, at, data.length - at);

    assertThat(crc.value()).isEqualTo(crc64NvmeBitwise(data));
  }

  @Property
  void streamingUpdatesGiveTheOneShotChecksum(
      @ForAll ChecksumAlgorithm algorithm,
      @ForAll @Size(max = 200) byte[] data,
      @ForAll @IntRange(max = 200) int split) {
    int at = Math.min(split, data.length);
    Checksummer whole = algorithm.newChecksummer();
    whole.update(data, 0, data.length);
    Checksummer parts = algorithm.newChecksummer();
    parts.update(data, 0, at);
    parts.update(data, at, data.length - at);

    assertThat(parts.base64()).isEqualTo(whole.base64());
    assertThat(parts.digest()).hasSize(algorithm.digestLength());
  }

  @ParameterizedTest
  @CsvSource({
    "CRC32, CRC32",
    "crc32c, CRC32C",
    "Crc64Nvme, CRC64NVME",
    "sha1, SHA1",
    "' SHA256 ', SHA256"
  })
  void algorithmIsFoundByNameWhateverItsCase(String name, ChecksumAlgorithm algorithm) {
    assertThat(ChecksumAlgorithm.fromName(name)).contains(algorithm);
  }

  @Test
  void algorithmIsFoundByHeaderNameWhateverItsCase() {
    assertThat(ChecksumAlgorithm.fromHeaderName("X-Amz-Checksum-CRC32C"))
        .contains(ChecksumAlgorithm.CRC32C);
    assertThat(ChecksumAlgorithm.fromHeaderName("x-amz-checksum-crc64nvme"))
        .contains(ChecksumAlgorithm.CRC64NVME);
    assertThat(ChecksumAlgorithm.fromHeaderName("x-amz-checksum-md5")).isEmpty();
    assertThat(ChecksumAlgorithm.fromName("MD5")).isEmpty();
  }

  @Test
  void checksumValueMustBeBase64OfTheAlgorithmsSize() {
    assertThat(ChecksumAlgorithm.CRC32.decode("DUoRhQ==")).isPresent();
    assertThat(ChecksumAlgorithm.CRC32.decode("jSnVw/bqjr4=")).isEmpty();
    assertThat(ChecksumAlgorithm.CRC64NVME.decode("jSnVw/bqjr4=")).isPresent();
    assertThat(ChecksumAlgorithm.SHA1.decode("not base64!")).isEmpty();
  }

  @Test
  void digestCanBeAskedTwice() {
    Checksummer sha = ChecksumAlgorithm.SHA256.newChecksummer();
    byte[] data = {1, 2, 3};
    sha.update(data, 0, 3);

    assertThat(sha.base64()).isEqualTo(sha.base64());
  }
}
