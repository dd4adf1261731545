package dev.remise.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/**
 * The fast BLAKE2b-512 computes exactly Bouncy Castle's, for any length and any way of feeding it.
 */
class Blake2b512Test {
  private static byte[] reference(byte[] data) {
    Blake2bDigest d = new Blake2bDigest(512);
    d.update(data, 0, data.length);
    byte[] out = new byte[64];
    d.doFinal(out, 0);
    return out;
  }

  @Test
  void everyLengthAroundTheBlockBoundariesMatchesTheReference() {
    Random random = new Random(5);
    for (int n = 0; n <= 600; n++) {
      byte[] data = new byte[n];
      random.nextBytes(data);
      Blake2b512 b = new Blake2b512();
      b.update(data, 0, n);
      assertThat(b.digest()).as("length %d", n).isEqualTo(reference(data));
    }
  }

  @Test
  void feedingInRandomPiecesChangesNothing() {
    Random random = new Random(6);
    for (int round = 0; round < 200; round++) {
      byte[] data = new byte[random.nextInt(5_000)];
      random.nextBytes(data);
      Blake2b512 b = new Blake2b512();
      int off = 0;
      while (off < data.length) {
        int piece = Math.min(data.length - off, random.nextInt(300));
        b.update(data, off, piece);
        off += piece;
      }
      assertThat(b.digest()).isEqualTo(reference(data));
    }
  }

  @Test
  void aMebibyteBlockMatches() {
    byte[] data = new byte[1 << 20];
    new Random(7).nextBytes(data);
    Blake2b512 b = new Blake2b512();
    b.update(data, 0, data.length);
    assertThat(b.digest()).isEqualTo(reference(data));
  }

  @Test
  void knownAnswerOfTheEmptyInput() {
    // RFC 7693 / reference implementation: BLAKE2b-512("").
    assertThat(java.util.HexFormat.of().formatHex(new Blake2b512().digest()))
        .isEqualTo(
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
  }
}
