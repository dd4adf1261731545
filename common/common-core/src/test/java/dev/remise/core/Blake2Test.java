package dev.remise.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Blake2Test {
  @Test
  void sumIsBlake2b512CutTo32Bytes() {
    // BLAKE2b-512("abc") from RFC 7693, appendix A; Garage keeps its first 32 bytes.
    assertThat(Blake2.sum("abc".getBytes(StandardCharsets.US_ASCII)).hex())
        .isEqualTo("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1");
  }

  @Test
  void emptyInputHashesLikeGarage() {
    // BLAKE2b-512 of the empty string, first 32 bytes.
    assertThat(Blake2.sum(new byte[0]).hex())
        .isEqualTo("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419");
  }

  @Test
  void partitionIsTheFirstByte() {
    byte[] b = new byte[32];
    b[0] = (byte) 0xAB;
    assertThat(new Hash(b).partition().index()).isEqualTo(0xAB);
  }

  @Test
  void timestampsMoveForwardEvenWhenTheClockIsBehind() {
    assertThat(Timestamps.next(1_000, () -> java.time.Instant.ofEpochMilli(10))).isEqualTo(1_001);
    assertThat(Timestamps.next(5, () -> java.time.Instant.ofEpochMilli(10))).isEqualTo(10);
  }
}
