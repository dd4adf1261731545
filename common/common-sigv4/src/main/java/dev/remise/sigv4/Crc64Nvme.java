package dev.remise.sigv4;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64/NVME, the 64-bit CRC of the NVM Express spec that S3 uses for {@code
 * x-amz-checksum-crc64nvme}: reflected polynomial {@code 0x9a6c9329ac4bc9b5}, initial value and
 * final XOR all ones (check value {@code 0xae8b14860a799888} for {@code "123456789"}).
 *
 * <p>Slicing-by-8: {@code TABLES[k][b]} is the CRC of byte {@code b} followed by {@code k} zero
 * bytes, so eight input bytes fold into the register with eight lookups instead of eight dependent
 * steps. The JDK has no CRC-64, and the AWS SDK's needs a native library.
 */
final class Crc64Nvme implements Checksummer {
  private static final long POLYNOMIAL = 0x9a6c9329ac4bc9b5L;
  private static final long[][] TABLES = tables();
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private long crc = ~0L;

  @Override
  public void update(byte[] bytes, int offset, int length) {
    long c = crc;
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      long x = c ^ (long) LITTLE_ENDIAN_LONG.get(bytes, i);
      c =
          TABLES[7][(int) (x & 0xff)]
              ^ TABLES[6][(int) ((x >>> 8) & 0xff)]
              ^ TABLES[5][(int) ((x >>> 16) & 0xff)]
              ^ TABLES[4][(int) ((x >>> 24) & 0xff)]
              ^ TABLES[3][(int) ((x >>> 32) & 0xff)]
              ^ TABLES[2][(int) ((x >>> 40) & 0xff)]
              ^ TABLES[1][(int) ((x >>> 48) & 0xff)]
              ^ TABLES[0][(int) (x >>> 56)];
    }
    for (; i < end; i++) {
      c = TABLES[0][(int) ((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
    }
    crc = c;
  }

  /** The CRC as a number, after the final XOR. */
  long value() {
    return ~crc;
  }

  @Override
  public byte[] digest() {
    long value = value();
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (value >>> (56 - 8 * i));
    }
    return out;
  }

  private static long[][] tables() {
    long[][] tables = new long[8][256];
    for (int b = 0; b < 256; b++) {
      long c = b;
      for (int bit = 0; bit < 8; bit++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
      }
      tables[0][b] = c;
    }
    for (int k = 1; k < 8; k++) {
      for (int b = 0; b < 256; b++) {
        long previous = tables[k - 1][b];
        tables[k][b] = (previous >>> 8) ^ tables[0][(int) (previous & 0xff)];
      }
    }
    return tables;
  }
}
