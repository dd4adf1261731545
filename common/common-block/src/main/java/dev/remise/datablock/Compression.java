package dev.remise.datablock;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.util.OptionalInt;

/**
 * Garage's {@code compression_level}: a zstd level, or none. Frames always carry zstd's content
 * checksum and size, which {@link DataBlock.Compressed} relies on to verify a block without
 * rehashing it.
 *
 * @param level the zstd level; empty: blocks are stored plain
 */
public record Compression(OptionalInt level) {
  /** Garage's default, level 1: about 700 MB/s per core on text, and quick to bail out on noise. */
  public static final Compression DEFAULT = new Compression(OptionalInt.of(1));

  public static final Compression NONE = new Compression(OptionalInt.empty());

  public Compression {
    if (level.isPresent()
        && (level.getAsInt() < Zstd.minCompressionLevel()
            || level.getAsInt() > Zstd.maxCompressionLevel())) {
      throw new IllegalArgumentException(
          "zstd compression level must be between %d and %d, got %d"
              .formatted(Zstd.minCompressionLevel(), Zstd.maxCompressionLevel(), level.getAsInt()));
    }
  }

  /** {@code none}, or a zstd level such as {@code 1} or {@code -3}. */
  public static Compression parse(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("none")) {
      return NONE;
    }
    try {
      return new Compression(OptionalInt.of(Integer.parseInt(v)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "compression level must be 'none' or a zstd level such as 1, got '" + value + "'");
    }
  }

  /** One zstd frame of {@code plain}, with content size and checksum. */
  byte[] compress(byte[] plain) {
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(level.orElseThrow());
      ctx.setChecksum(true);
      ctx.setContentSize(true);
      return ctx.compress(plain);
    }
  }

  @Override
  public String toString() {
    return level.isPresent() ? "zstd level " + level.getAsInt() : "none";
  }
}
