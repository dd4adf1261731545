package dev.remise.datablock;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A block as stored on disk and sent between nodes (Garage's {@code DataBlock}): either the plain
 * bytes, or one zstd frame of them carrying zstd's content checksum. The sender compresses (so
 * block data crosses slow links compressed) and the reader decompresses; block nodes store what
 * they receive as is.
 *
 * <p>The hash of a block is always the BLAKE2 hash of its plain bytes, whatever the form. Integrity
 * follows Garage's rule: a plain block is checked against its hash, a compressed one by decoding
 * its frame, whose checksum covers the plain bytes ({@link #checkStored}). A block received from
 * another node is checked fully ({@link #verify}), so a wrong block is refused before it is
 * replicated.
 *
 * <p>The byte array is handed over, not copied: blocks are a MiB each and copied on no path. Nobody
 * may change it afterwards.
 */
public sealed interface DataBlock {

  /** The header naming the form of a block body on the internal RPC. */
  String FORMAT_HEADER = "X-Remise-Block-Format";

  /** The stored bytes (plain, or the zstd frame). */
  byte[] bytes();

  BlockFormat format();

  /** The plain bytes, decompressing if needed. */
  byte[] plain() throws CorruptBlockDataException;

  /** The plain bytes as a stream; a compressed frame is checked as its end is read. */
  default InputStream plainStream() throws IOException {
    return format().plainStream(new ByteArrayInputStream(bytes()));
  }

  /** Length of the stored form. */
  default int storedLength() {
    return bytes().length;
  }

  /**
   * The cheap check of a block read back from disk: a plain block must hash to {@code hash}, a
   * compressed one must decode with a valid frame checksum (its hash is not recomputed).
   */
  void checkStored(Hash hash) throws CorruptBlockDataException;

  /** The full check of a block received from elsewhere: its plain bytes hash to {@code hash}. */
  default void verify(Hash hash) throws CorruptBlockDataException {
    Hash actual = Blake2.sum(plain());
    if (!actual.equals(hash)) {
      throw new CorruptBlockDataException(
          "block data hashes to " + actual + ", not to its name " + hash);
    }
  }

  static DataBlock of(BlockFormat format, byte[] bytes) {
    return switch (format) {
      case PLAIN -> new Plain(bytes);
      case ZSTD -> new Compressed(bytes);
    };
  }

  /**
   * The block to store for {@code plain}: compressed at {@code compression}'s level when that makes
   * it smaller (incompressible data stays plain, as in Garage), else plain.
   */
  static DataBlock fromPlain(byte[] plain, Compression compression) {
    if (compression.level().isEmpty()) {
      return new Plain(plain);
    }
    byte[] frame = compression.compress(plain);
    return frame.length < plain.length ? new Compressed(frame) : new Plain(plain);
  }

  record Plain(byte[] bytes) implements DataBlock {
    @Override
    public BlockFormat format() {
      return BlockFormat.PLAIN;
    }

    @Override
    public byte[] plain() {
      return bytes;
    }

    @Override
    public void checkStored(Hash hash) throws CorruptBlockDataException {
      verify(hash);
    }
  }

  record Compressed(byte[] bytes) implements DataBlock {
    @Override
    public BlockFormat format() {
      return BlockFormat.ZSTD;
    }

    @Override
    public byte[] plain() throws CorruptBlockDataException {
      if (!ZstdFrames.hasChecksum(bytes)) {
        throw new CorruptBlockDataException("zstd block without a content checksum");
      }
      long size = ZstdFrames.contentSize(bytes);
      if (size < 0 || size > Integer.MAX_VALUE - 8) {
        throw new CorruptBlockDataException("zstd block without a usable content size");
      }
      try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
        byte[] out = ctx.decompress(bytes, (int) size);
        if (out.length != size) {
          throw new CorruptBlockDataException(
              "zstd block decodes to " + out.length + " bytes, its header says " + size);
        }
        return out;
      } catch (ZstdException | IllegalArgumentException e) {
        throw new CorruptBlockDataException("zstd block fails to decode: " + e.getMessage());
      }
    }

    @Override
    public void checkStored(Hash hash) throws CorruptBlockDataException {
      plain();
    }
  }

  /** The two stored forms, and their names on the wire and on disk. */
  enum BlockFormat {
    PLAIN("plain", ""),
    ZSTD("zstd", ".zst");

    private final String label;
    private final String fileSuffix;

    BlockFormat(String label, String fileSuffix) {
      this.label = label;
      this.fileSuffix = fileSuffix;
    }

    /** The value of {@link #FORMAT_HEADER}. */
    public String label() {
      return label;
    }

    /** Appended to the block's file name ({@code .zst} as in Garage). */
    public String fileSuffix() {
      return fileSuffix;
    }

    /** A header value back to the format; absent means plain (older senders, tools). */
    public static BlockFormat parse(String header) {
      if (header == null || header.isEmpty() || header.equals(PLAIN.label)) {
        return PLAIN;
      }
      if (header.equals(ZSTD.label)) {
        return ZSTD;
      }
      throw new IllegalArgumentException(
          "unknown block format '" + header + "' (expected plain or zstd)");
    }

    /** Wraps a stream of this form's stored bytes into a stream of plain bytes. */
    public InputStream plainStream(InputStream stored) throws IOException {
      return switch (this) {
        case PLAIN -> stored;
        case ZSTD -> new ZstdInputStream(stored);
      };
    }
  }
}
