package dev.remise.cli.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Object bodies generated on the fly from one shared pattern, so a 64 MiB PUT holds no 64 MiB
 * buffer, yet no two objects, and no two blocks of one object, share content: Remise, like Garage,
 * stores blocks by content hash, and identical bodies would be deduplicated instead of written.
 *
 * <p>Object {@code i}'s byte at offset {@code o} is the pattern's byte at {@code (start(i) + o) mod
 * period}, except that the first 16 bytes of every 4 KiB of the object are a stamp: the object's id
 * (a hash of the run's nonce and {@code i}) and the 4 KiB page number. Any block of 4 KiB or more
 * therefore holds a stamp unique to the run, the object and the offset.
 *
 * <p>The pattern is random bytes (incompressible: zstd stores them raw) or, {@link #compressible},
 * text of words drawn from a small vocabulary (zstd level 1 shrinks it several times), since block
 * compression changes what a PUT costs.
 */
public final class Payload {
  static final int PAGE = 4096;
  static final int STAMP = 16;
  private static final int MAX_PERIOD = 8 << 20;
  // Odd, so the pattern never lines up with page or block boundaries.
  private static final int PERIOD_EXTRA = 4093;

  private static final String[] WORDS = {
    "the",
    "object",
    "store",
    "bucket",
    "key",
    "value",
    "block",
    "node",
    "zone",
    "layout",
    "version",
    "quorum",
    "replica",
    "partition",
    "table",
    "merge",
    "request",
    "response",
    "error",
    "status",
    "time",
    "size",
    "count",
    "name",
    "id",
    "data",
    "metadata",
    "region",
    "garage",
    "remise",
    "read",
    "write",
    "delete",
    "list",
    "upload",
    "part",
    "etag",
    "checksum",
    "sync",
    "true",
    "false",
    "null",
    "and",
    "of",
    "to",
    "in",
    "is",
    "for"
  };

  private final byte[] pattern;
  private final long nonce;
  private final boolean compressible;

  private Payload(byte[] pattern, long nonce, boolean compressible) {
    this.pattern = pattern;
    this.nonce = nonce;
    this.compressible = compressible;
  }

  /**
   * @param objectSize the largest object that will be generated (the pattern is at most 8 MiB)
   */
  public static Payload random(long seed, long objectSize) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] p = new byte[period(objectSize)];
    r.nextBytes(p);
    return new Payload(p, r.nextLong(), false);
  }

  public static Payload compressible(long seed, long objectSize) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = period(objectSize);
    StringBuilder text = new StringBuilder(n + 64);
    while (text.length() < n) {
      text.append("{\"id\":")
          .append(r.nextInt(1_000_000))
          .append(",\"name\":\"")
          .append(WORDS[r.nextInt(WORDS.length)])
          .append(' ')
          .append(WORDS[r.nextInt(WORDS.length)])
          .append("\",\"text\":\"");
      int words = 4 + r.nextInt(8);
      for (int w = 0; w < words; w++) {
        text.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
      }
      text.append("\"}\n");
    }
    byte[] p = new byte[n];
    System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, p, 0, n);
    return new Payload(p, r.nextLong(), true);
  }

  private static int period(long objectSize) {
    return (int) Math.min(Math.max(objectSize, PAGE), MAX_PERIOD) + PERIOD_EXTRA;
  }

  public boolean isCompressible() {
    return compressible;
  }

  /** The 8-byte id stamped into object {@code index}. */
  long objectId(long index) {
    return mix(nonce + index * 0x9E3779B97F4A7C15L);
  }

  /** Fills {@code dst[off, off+len)} with object {@code index}'s bytes from {@code position}. */
  public void fill(long index, long position, byte[] dst, int off, int len) {
    long id = objectId(index);
    int start = (int) Long.remainderUnsigned(id, pattern.length);
    int done = 0;
    while (done < len) {
      int at = (int) ((start + position + done) % pattern.length);
      int n = Math.min(len - done, pattern.length - at);
      System.arraycopy(pattern, at, dst, off + done, n);
      done += n;
    }
    // Overwrite the stamp bytes that fall in the range.
    long end = position + len;
    long page = position / PAGE;
    for (long p = page * PAGE; p < end; p += PAGE, page++) {
      long from = Math.max(p, position);
      long to = Math.min(p + STAMP, end);
      for (long q = from; q < to; q++) {
        int j = (int) (q - p);
        long word = j < 8 ? id : page;
        dst[off + (int) (q - position)] = (byte) (word >>> (56 - 8 * (j & 7)));
      }
    }
  }

  /** Object {@code index}'s body, {@code length} bytes, as a stream a request can read. */
  public InputStream open(long index, long length) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        if (position >= length) {
          return -1;
        }
        byte[] one = new byte[1];
        fill(index, position++, one, 0, 1);
        return one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (position >= length) {
          return -1;
        }
        int n = (int) Math.min(len, length - position);
        fill(index, position, b, off, n);
        position += n;
        return n;
      }

      @Override
      public long skip(long n) {
        long s = Math.clamp(n, 0, length - position);
        position += s;
        return s;
      }

      @Override
      public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
      }
    };
  }

  /** MurmurHash3's 64-bit finaliser: spreads consecutive indexes over all 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
