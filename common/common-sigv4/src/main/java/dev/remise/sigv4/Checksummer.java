package dev.remise.sigv4;

import java.util.Base64;

/**
 * A checksum computed over a stream of bytes, in the form AWS puts in {@code x-amz-checksum-*}
 * headers and trailers: CRCs as big-endian integers (4 bytes for CRC32 and CRC32C, 8 for
 * CRC64/NVME), SHA digests as their bytes, all base64-encoded.
 */
public interface Checksummer {
  void update(byte[] bytes, int offset, int length);

  /** The checksum of everything given so far. Ends the computation: no update may follow. */
  byte[] digest();

  /** {@link #digest()} base64-encoded, as it appears on the wire. */
  default String base64() {
    return Base64.getEncoder().encodeToString(digest());
  }
}
