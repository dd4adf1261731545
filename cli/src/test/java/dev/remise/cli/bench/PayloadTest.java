package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void aStreamGivesExactlyTheLengthAndTheSameBytesEveryTime() throws Exception {
    Payload p = Payload.random(7, 1 << 20);
    byte[] once = read(p.open(3, 100_000), 7);
    byte[] again = read(p.open(3, 100_000), 4096);
    assertThat(once).hasSize(100_000).isEqualTo(again);
    byte[] direct = new byte[100_000];
    p.fill(3, 0, direct, 0, direct.length);
    assertThat(direct).isEqualTo(once);
  }

  @Test
  void objectsAndBlocksDifferEvenPastThePatternsPeriod() {
    Payload p = Payload.random(7, 1 << 20);
    int block = 1 << 20;
    byte[] a0 = block(p, 0, 0, block);
    byte[] b0 = block(p, 1, 0, block);
    assertThat(a0).isNotEqualTo(b0);
    // Blocks of one object, also where the pattern repeats (it is about 1 MiB long here).
    assertThat(block(p, 0, block, block)).isNotEqualTo(a0);
    assertThat(block(p, 0, 2L * block, block)).isNotEqualTo(block(p, 0, block, block));
    // Every 4 KiB page starts with the object's id and the page number.
    byte[] page = block(p, 5, 3L * Payload.PAGE, Payload.STAMP);
    long id = 0;
    long number = 0;
    for (int i = 0; i < 8; i++) {
      id = id << 8 | (page[i] & 0xff);
      number = number << 8 | (page[8 + i] & 0xff);
    }
    assertThat(id).isEqualTo(p.objectId(5));
    assertThat(number).isEqualTo(3);
  }

  @Test
  void aRangeReadFromTheMiddleMatchesTheWholeBody() {
    Payload p = Payload.compressible(1, 50_000);
    byte[] whole = block(p, 9, 0, 50_000);
    byte[] middle = block(p, 9, 4090, 30);
    assertThat(middle).isEqualTo(Arrays.copyOfRange(whole, 4090, 4120));
  }

  @Test
  void compressibleBodiesCompressAndRandomOnesDoNot() {
    int n = 1 << 20;
    double text = ratio(block(Payload.compressible(1, n), 0, 0, n));
    double random = ratio(block(Payload.random(1, n), 0, 0, n));
    assertThat(text).isGreaterThan(2.5);
    assertThat(random).isLessThan(1.01);
    assertThat(Payload.compressible(1, n).isCompressible()).isTrue();
  }

  private static byte[] block(Payload p, long object, long offset, int length) {
    byte[] b = new byte[length];
    p.fill(object, offset, b, 0, length);
    return b;
  }

  private static double ratio(byte[] data) {
    Deflater d = new Deflater(1);
    d.setInput(data);
    d.finish();
    byte[] out = new byte[data.length + 1024];
    long total = 0;
    while (!d.finished()) {
      total += d.deflate(out);
    }
    d.end();
    return (double) data.length / total;
  }

  private static byte[] read(InputStream in, int chunk) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk];
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
    }
    assertThat(in.read()).isEqualTo(-1);
    return out.toByteArray();
  }
}
