package dev.remise.sigv4;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The additional checksums S3 accepts ({@code x-amz-checksum-*} headers and trailers, {@code
 * x-amz-sdk-checksum-algorithm}), with the size of their binary value.
 */
public enum ChecksumAlgorithm {
  CRC32("x-amz-checksum-crc32", 4, () -> new CrcChecksummer(new CRC32())),
  CRC32C("x-amz-checksum-crc32c", 4, () -> new CrcChecksummer(new CRC32C())),
  CRC64NVME("x-amz-checksum-crc64nvme", 8, Crc64Nvme::new),
  SHA1("x-amz-checksum-sha1", 20, () -> new DigestChecksummer("SHA-1")),
  SHA256("x-amz-checksum-sha256", 32, () -> new DigestChecksummer("SHA-256"));

  private final String headerName;
  private final int digestLength;
  private final Supplier<Checksummer> checksummers;

  ChecksumAlgorithm(String headerName, int digestLength, Supplier<Checksummer> checksummers) {
    this.headerName = headerName;
    this.digestLength = digestLength;
    this.checksummers = checksummers;
  }

  /** The lower-case header (and trailer) name, e.g. {@code x-amz-checksum-crc32}. */
  public String headerName() {
    return headerName;
  }

  /** The size in bytes of the decoded checksum value. */
  public int digestLength() {
    return digestLength;
  }

  public Checksummer newChecksummer() {
    return checksummers.get();
  }

  /**
   * Decodes a base64 checksum value, if it is well formed and of this algorithm's size; a value
   * that is not is an {@code InvalidDigest}, not a mismatch.
   */
  public Optional<byte[]> decode(String base64) {
    try {
      byte[] value = Base64.getDecoder().decode(base64.strip());
      return value.length == digestLength ? Optional.of(value) : Optional.empty();
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  /** By header name, case-insensitively: {@code X-Amz-Checksum-CRC32C}. */
  public static Optional<ChecksumAlgorithm> fromHeaderName(String headerName) {
    String name = headerName.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.headerName.equals(name)).findFirst();
  }

  /**
   * By algorithm name, case-insensitively, as in {@code x-amz-sdk-checksum-algorithm: CRC32} or
   * {@code x-amz-checksum-algorithm: crc32c}.
   */
  public static Optional<ChecksumAlgorithm> fromName(String name) {
    String upper = name.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.name().equals(upper)).findFirst();
  }
}
