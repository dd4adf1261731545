package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.datablock.Compression;
import dev.remise.datablock.DataBlock;
import dev.remise.datablock.DataBlock.BlockFormat;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One block's bytes from several replicas, failing over mid-stream without the reader noticing. */
class FailoverBlockStreamTest {
  private final byte[] plain = text(300_000);
  private final Hash hash = Blake2.sum(plain);
  private final AtomicInteger opened = new AtomicInteger();

  private static byte[] text(int n) {
    byte[] b = new byte[n];
    Random r = new Random(3);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + r.nextInt(4));
    }
    return b;
  }

  private FailoverBlockStream.Replica good(DataBlock block) {
    return replica("good", () -> new ByteArrayInputStream(block.bytes()), block.format());
  }

  private interface Body {
    InputStream get() throws IOException;
  }

  private FailoverBlockStream.Replica replica(String name, Body body, BlockFormat format) {
    return new FailoverBlockStream.Replica() {
      @Override
      public FailoverBlockStream.Opened open() throws IOException {
        opened.incrementAndGet();
        return new FailoverBlockStream.Opened(body.get(), format);
      }

      @Override
      public String describe() {
        return name;
      }
    };
  }

  private FailoverBlockStream.Replica notHeld() {
    return new FailoverBlockStream.Replica() {
      @Override
      public FailoverBlockStream.Opened open() throws IOException {
        throw new FailoverBlockStream.NotHeld("404");
      }

      @Override
      public String describe() {
        return "empty";
      }
    };
  }

  /** A body that throws {@code error} after {@code after} bytes. */
  private static InputStream failingAfter(byte[] bytes, int after, IOException error) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      private int read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read >= after) {
          throw error;
        }
        int n = super.read(b, off, Math.min(len, after - read));
        read += Math.max(n, 0);
        return n;
      }
    };
  }

  private static byte[] readMixed(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[7_777];
    int round = 0;
    while (true) {
      if (round++ % 3 == 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
      } else {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  @Test
  void aReplicaFailingMidWayIsContinuedFromTheNextOne() throws IOException {
    DataBlock stored = new DataBlock.Plain(plain);
    List<FailoverBlockStream.Replica> replicas = new ArrayList<>();
    replicas.add(
        replica(
            "reset",
            () -> failingAfter(plain, 100_000, new IOException("connection reset")),
            BlockFormat.PLAIN));
    replicas.add(
        replica(
            "slow",
            () -> failingAfter(plain, 150_000, new SocketTimeoutException("read timed out")),
            BlockFormat.PLAIN));
    replicas.add(good(stored));
    try (InputStream in = new FailoverBlockStream(hash, plain.length, replicas)) {
      assertThat(readMixed(in)).isEqualTo(plain);
    }
    assertThat(opened).hasValue(3);
  }

  @Test
  void compressedReplicasStreamPlainBytesAndABadFrameFailsOver() throws IOException {
    DataBlock compressed = DataBlock.fromPlain(plain, Compression.DEFAULT);
    byte[] corrupt = compressed.bytes().clone();
    corrupt[corrupt.length / 2] ^= 0x10;
    List<FailoverBlockStream.Replica> replicas =
        List.of(
            replica("corrupt", () -> new ByteArrayInputStream(corrupt), BlockFormat.ZSTD),
            good(compressed));
    try (InputStream in = new FailoverBlockStream(hash, plain.length, replicas)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }

  @Test
  void aShortBodyIsNotTakenForTheWholeBlock() throws IOException {
    byte[] truncated = java.util.Arrays.copyOf(plain, 1000);
    List<FailoverBlockStream.Replica> replicas =
        List.of(
            replica("short", () -> new ByteArrayInputStream(truncated), BlockFormat.PLAIN),
            good(new DataBlock.Plain(plain)));
    try (InputStream in = new FailoverBlockStream(hash, plain.length, replicas)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }

  @Test
  void replicasThatDoNotHoldTheBlockAreSkippedAndNoneHoldingItIsNotFound() throws IOException {
    try (InputStream in =
        new FailoverBlockStream(
            hash, plain.length, List.of(notHeld(), good(new DataBlock.Plain(plain))))) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
    InputStream none = new FailoverBlockStream(hash, plain.length, List.of(notHeld(), notHeld()));
    assertThatThrownBy(none::read).isInstanceOf(BlockClient.BlockNotFoundException.class);
  }

  @Test
  void whenEveryReplicaFailsTheErrorNamesThemAll() {
    InputStream in =
        new FailoverBlockStream(
            hash,
            plain.length,
            List.of(
                replica(
                    "a", () -> failingAfter(plain, 10, new IOException("boom")), BlockFormat.PLAIN),
                replica(
                    "b",
                    () -> {
                      throw new IOException("refused");
                    },
                    BlockFormat.PLAIN)));
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("a: ")
        .hasMessageContaining("b: ")
        .hasMessageContaining("10 of 300000");
  }

  @Test
  void nothingIsRequestedBeforeTheFirstRead() {
    new FailoverBlockStream(hash, plain.length, List.of(good(new DataBlock.Plain(plain))));
    assertThat(opened).hasValue(0);
  }
}
