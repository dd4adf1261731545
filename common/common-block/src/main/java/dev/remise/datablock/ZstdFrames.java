package dev.remise.datablock;

import com.github.luben.zstd.Zstd;

/** Reads the fields of a zstd frame header that block verification depends on (RFC 8878 §3.1.1). */
final class ZstdFrames {
  private static final int MAGIC = 0xFD2FB528;
  private static final int CHECKSUM_FLAG = 0x04;

  private ZstdFrames() {}

  /**
   * True if {@code frame} starts with a zstd frame whose descriptor sets the content checksum flag:
   * without it, decoding would not prove the bytes intact.
   */
  static boolean hasChecksum(byte[] frame) {
    if (frame.length < 5) {
      return false;
    }
    int magic =
        (frame[0] & 0xff)
            | (frame[1] & 0xff) << 8
            | (frame[2] & 0xff) << 16
            | (frame[3] & 0xff) << 24;
    return magic == MAGIC && (frame[4] & CHECKSUM_FLAG) != 0;
  }

  /** The frame's declared content size, or a negative value if unknown or invalid. */
  static long contentSize(byte[] frame) {
    return Zstd.getFrameContentSize(frame);
  }
}
