package dev.remise.sigv4;

import java.util.zip.Checksum;

/** A JDK CRC ({@code CRC32} or {@code CRC32C}), rendered as 4 big-endian bytes. */
final class CrcChecksummer implements Checksummer {
  private final Checksum crc;

  CrcChecksummer(Checksum crc) {
    this.crc = crc;
  }

  @Override
  public void update(byte[] bytes, int offset, int length) {
    crc.update(bytes, offset, length);
  }

  @Override
  public byte[] digest() {
    int value = (int) crc.getValue();
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }
}
